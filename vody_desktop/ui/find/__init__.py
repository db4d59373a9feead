"""Finding in a result: the find bar, the search and filter, JSONPath queries, and the
inspector that ties them to the result view."""
