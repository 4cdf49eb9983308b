"""The card toolkit: transport → APDU protocol → CPS session, and a virtual CPS card.

It knows nothing of the course: callers turn its errors into what their user should read.
"""
