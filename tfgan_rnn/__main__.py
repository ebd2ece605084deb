"""`python -m tfgan_rnn ...` is the same as `tfgan-rnn ...`."""

import sys

from tfgan_rnn.cli import main

sys.exit(main())
