"""ipywidgets views: thin, stateless renderers of the domain model's state (see DESIGN.md)."""
