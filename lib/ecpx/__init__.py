"""ecpx: learn, teach and monitor the activation of the e-CPS."""

__version__ = "0.1.0"
