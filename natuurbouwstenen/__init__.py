"""The natuurbouwstenen catalogue (data package); filled by the catalogue work (issue 3)."""
