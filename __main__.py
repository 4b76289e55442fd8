"""``python -m oncostruct``: the command line."""
from oncostruct.engine.cli import main

main()
