from preau.core.errors import InvalidInput


class FolderInvalid(InvalidInput):
    code = "folder_invalid"
    default_message = "Ce dossier n'existe pas ou vous ne pouvez pas y ajouter de documents."


class NameInvalid(InvalidInput):
    code = "name_invalid"
    default_message = "Donnez un nom (150 caractères au plus)."
