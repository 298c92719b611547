"""Print a stand-in bisheng/ld.lld log (see ../bin/bisheng) one call per paragraph, the include
directories folded into a count."""
import sys

calls, cur = [], None
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        line = line.rstrip("\n")
        if line == "=== end":
            calls.append(cur)
            cur = None
        elif line.startswith("=== ") and cur is None:
            cur = [line[4:].split()[0]]
        elif cur is not None:
            cur.append(line)
for call in calls:
    tool, args = call[0], call[1:]
    out = args[args.index("-o") + 1] if "-o" in args else ""
    incs = [a for a in args if a.startswith("-I")]
    print("%s -> %s" % (tool, out.rsplit("/", 1)[-1]))
    print("   ", " ".join(a for a in args if not a.startswith("-I")))
    if incs:
        print("    (%d include dirs: %s)" % (len(incs), " ".join(incs)))
