"""The course's Voilà server: Voilà itself, with what a classroom needs (class code, Host check,
kernel limit, a working close-tab shutdown). `python -m ecpx.server` runs it; `ecpx serve`
starts it."""
