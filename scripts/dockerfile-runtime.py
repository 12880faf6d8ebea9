#!/usr/bin/env python3
"""Reads the runtime stage of the Dockerfile (the part after its last FROM)
and prints what scripts/image.sh needs to build the same image without a
Docker engine, one `key<TAB>value` per line:

    copy     <source basename> <destination directory>   (COPY --from=build)
    user     65532:65532
    workdir  /tmp
    expose   9443/tcp
    entrypoint <JSON array>
    cmd      <JSON array>
    label    key=value          (${VERSION}, ${COMMIT}, ... substituted)

Usage: dockerfile-runtime.py DOCKERFILE [NAME=VALUE ...]   (build arguments)

Reading the Dockerfile instead of repeating it keeps the two ways to build
the image from drifting apart. Only the instructions the runtime stage uses
are understood; any other one fails, so a new instruction is noticed here.
"""

from __future__ import annotations

import json
import re
import shlex
import sys
from pathlib import Path


def logical_lines(text: str) -> list[str]:
    """Instructions with their continuation lines joined, comments dropped."""
    out: list[str] = []
    current = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not current and (not line or line.startswith("#")):
            continue
        if line.startswith("#"):
            continue
        if line.endswith("\\"):
            current += line[:-1] + " "
            continue
        current += line
        out.append(current.strip())
        current = ""
    if current.strip():
        out.append(current.strip())
    return out


def main() -> int:
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    lines = logical_lines(Path(sys.argv[1]).read_text(encoding="utf-8"))
    args: dict[str, str] = {}
    for assignment in sys.argv[2:]:
        name, _, value = assignment.partition("=")
        args[name] = value

    starts = [i for i, line in enumerate(lines) if line.split()[0].upper() == "FROM"]
    if not starts:
        print("dockerfile-runtime.py: no FROM in the Dockerfile", file=sys.stderr)
        return 1
    stage = lines[starts[-1] + 1 :]

    def substitute(text: str) -> str:
        return re.sub(r"\$\{(\w+)\}|\$(\w+)", lambda m: args.get(m.group(1) or m.group(2), ""), text)

    for line in stage:
        keyword, _, rest = line.partition(" ")
        keyword = keyword.upper()
        rest = rest.strip()
        if keyword == "ARG":
            name, _, default = rest.partition("=")
            words = shlex.split(default)
            args.setdefault(name, words[0] if words else "")
        elif keyword == "LABEL":
            for item in shlex.split(rest):
                key, _, value = item.partition("=")
                print(f"label\t{key}={substitute(value)}")
        elif keyword == "COPY":
            words = rest.split()
            if not words or not words[0].startswith("--from="):
                print(f"dockerfile-runtime.py: only COPY --from=… is understood in the runtime stage: {line}", file=sys.stderr)
                return 1
            sources, destination = words[1:-1], words[-1]
            for source in sources:
                print(f"copy\t{Path(source).name}\t{destination}")
        elif keyword == "USER":
            print(f"user\t{rest}")
        elif keyword == "WORKDIR":
            print(f"workdir\t{rest}")
        elif keyword == "EXPOSE":
            for port in rest.split():
                print(f"expose\t{port if '/' in port else port + '/tcp'}")
        elif keyword in ("ENTRYPOINT", "CMD"):
            value = json.loads(rest)
            if not isinstance(value, list):
                print(f"dockerfile-runtime.py: {keyword} must be in JSON (exec) form: {line}", file=sys.stderr)
                return 1
            print(f"{keyword.lower()}\t{json.dumps(value)}")
        else:
            print(f"dockerfile-runtime.py: {keyword} in the runtime stage is not understood; teach scripts/dockerfile-runtime.py", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
