"""The activation-log analyser: load, validate, anonymise, generate and analyse activation event
logs with pandas and pyarrow — the `ecpx logs` command and chapter 06's data.

Layering: it imports the activation domain's codes and state machines (the generator drives
them) and reads the training journal's records; neither imports it (see DESIGN.md).
"""
