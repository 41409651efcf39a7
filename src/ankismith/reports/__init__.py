"""``ankismith reports``: learners' reports (issues) listed beside the cards they name."""
