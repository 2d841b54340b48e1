"""What the readers share."""


class ReadError(ValueError):
    """A file its reader cannot read; the message says why (the loader adds the file name)."""


def human_size(size: int) -> str:
    """ "512 bytes", "48 KB", "1.5 MB", "200 MB": sizes as error messages give them."""
    if size < 1000:
        return f"{size} bytes"
    if size < 1_000_000:
        return f"{size / 1000:.0f} KB"
    return f"{size / 1e6:.1f}".removesuffix(".0") + " MB"
