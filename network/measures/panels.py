"""Registers the network's panel on the measure page (imported when the app is ready)."""

from planning.measures import panels

from .views import measure_partners_panel

panels.register(measure_partners_panel)
