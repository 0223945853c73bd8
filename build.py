from govcases.cli import main

raise SystemExit(main(["build", *__import__("sys").argv[1:]]))
