"""The result's items as a table, without Qt: where the items are, their columns, their order.

A colour classification result is a list of items; the Items tab shows them as rows. This
package finds such lists in a document (discovery), names their columns (columns), reads a row's
cells from its bytes (cells) and computes the order of the rows a sort and filter ask for
(ordering). The Qt table model (ui/items) is a thin view over it.
"""
