from preau.storage.testing import clamd_address, local_files, s3_endpoint, s3_files  # noqa: F401
