import sys

from mozdef_cli.main import main

sys.exit(main())
