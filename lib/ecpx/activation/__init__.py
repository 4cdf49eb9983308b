"""The activation domain: the e-CPS app and the two methods as state machines, their rules.

Plain Python only: no widgets, no pyscard, no plotting (see DESIGN.md).
"""
