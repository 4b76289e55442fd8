"""Text extractors: pathology, PET-CT/CT, discharge, other."""
