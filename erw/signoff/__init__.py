"""Finance sign-off (Great Expectations) over the board, bridge and scorecard marts."""
