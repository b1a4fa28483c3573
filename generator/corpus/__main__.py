from generator.corpus.cli import main

raise SystemExit(main())
