"""Check digits of identifiers."""
from __future__ import annotations

_GB11643_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_GB11643_CHECK = "10X98765432"


def gb11643_valid(value: str) -> bool:
    """True when an 18-character resident ID's last character is its GB 11643-1999 (ISO 7064 MOD 11-2) check digit."""
    if len(value) != 18 or not value[:17].isdigit():
        return False
    total = sum(int(c) * w for c, w in zip(value[:17], _GB11643_WEIGHTS))
    return _GB11643_CHECK[total % 11] == value[17].upper()


def gb11643_check_digit(first17: str) -> str:
    """The check character for 17 digits (used by test generators)."""
    return _GB11643_CHECK[sum(int(c) * w for c, w in zip(first17, _GB11643_WEIGHTS)) % 11]
