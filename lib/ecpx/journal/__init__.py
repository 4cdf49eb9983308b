"""The activation journal: load, validate, anonymise, generate and analyse activation logs.

Layering: the journal imports the activation domain (its catalogue and state machines); the
activation domain never imports the journal (see DESIGN.md).
"""
