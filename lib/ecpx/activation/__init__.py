"""The activation domain: the two methods as state machines, their rules and their texts.

Plain Python only: no widgets, no pyscard, no plotting (see DESIGN.md).
"""
