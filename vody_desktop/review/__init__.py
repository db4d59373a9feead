"""Review mode's Qt-free part: item identity, the summary's words, the reviewer, the reports."""
