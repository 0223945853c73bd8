from govcases.cli import main

raise SystemExit(main())
