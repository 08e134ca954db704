"""All writes of the espace documentaire: documents, folders, spaces, trash, shares."""
