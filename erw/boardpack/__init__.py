"""Board pack: one self-contained HTML report (and PNG charts) from the board marts."""
