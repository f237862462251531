#!/usr/bin/env python3
"""Run every example of the docs and the README and compare its output.

An example is a fenced block whose first line starts with "$ ": each "$ "
line is a shell command, run in a scratch directory with `attnstep` on the
PATH; the lines after it, up to the next "$ ", are what it must print
(stdout and stderr together). A line ending in "…" matches any line that
starts with the text before it. "$ cat FILE" shows a
file: the lines below it are written to FILE. Otherwise a file the first
command names (NAME.lesson) is the fenced block just before the example. Examples listed in the --known file (as "FILE: COMMAND") are not
compared: they need what this harness cannot set up, or print what
depends on the machine. Usage:
    doc_examples.py [--known LIST] BINARY SRCDIR FILE.md...
"""
import os, re, subprocess, sys, tempfile, shutil

def blocks(text):
    out, cur, fence = [], None, None
    for line in text.split("\n"):
        if cur is None:
            m = re.match(r"^(```+)(.*)$", line)
            if m:
                cur, fence = [], m.group(1)
        elif line.startswith(fence) and line.strip() == fence:
            out.append(cur); cur = None
        else:
            cur.append(line)
    return out

def matches(want, got):
    w = want.rstrip("\n").split("\n"); g = got.rstrip("\n").split("\n")
    if len(w) != len(g):
        return False
    for a, b in zip(w, g):
        if a.endswith("…"):
            if not b.startswith(a[:-1].rstrip()):
                return False
        elif a.rstrip() != b.rstrip():
            return False
    return True

def main():
    known = set()
    args = sys.argv[1:]
    if args[0] == "--known":  # examples that need what this harness cannot set up
        known = {l.strip() for l in open(args[1]) if l.strip() and not l.startswith("#")}
        args = args[2:]
    binary, srcdir, files = args[0], args[1], args[2:]
    bindir = tempfile.mkdtemp()
    os.symlink(os.path.abspath(binary), os.path.join(bindir, "attnstep"))
    os.symlink(sys.executable, os.path.join(bindir, "python3"))  # the one with NumPy
    env = dict(os.environ, PATH=bindir + ":" + os.environ["PATH"], LANG="C.UTF-8", LC_ALL="", NO_COLOR="1",
               TERM="dumb")
    failed = ran = 0
    for f in files:
        bs = blocks(open(os.path.join(srcdir, f)).read())
        work = tempfile.mkdtemp()  # one per page: a file stays for the examples after it
        for k, b in enumerate(bs):
            if not b or not b[0].startswith("$ "):
                continue
            prev = bs[k - 1] if k > 0 and not (bs[k - 1] and bs[k - 1][0].startswith("$ ")) else None
            cmds, cur = [], None
            for line in b:
                if line.startswith("$ "):
                    cur = [line[2:], []]; cmds.append(cur)
                else:
                    cur[1].append(line)
            for cmd, want in cmds:
                m = re.fullmatch(r"cat ([\w./-]+)", cmd.strip())
                if m:  # "$ cat FILE" shows a file: the lines below are its text
                    path = os.path.join(work, m.group(1))
                    os.makedirs(os.path.dirname(path), exist_ok=True)
                    open(path, "w").write("\n".join(want) + "\n")
                    continue
                for name in re.findall(r"[\w./-]+\.lesson", cmd):
                    path = os.path.join(work, name)
                    if prev is not None and (cmd == cmds[0][0] or not os.path.exists(path)):
                        os.makedirs(os.path.dirname(path), exist_ok=True)
                        open(path, "w").write("\n".join(prev) + "\n")
                shell = cmd.replace("attnstep", "attnstep", 1)
                r = subprocess.run(["/bin/sh", "-c", shell], cwd=work, env=dict(env, SRCDIR=srcdir),
                                   capture_output=True, timeout=120)
                got = (r.stdout + r.stderr).decode("utf-8", "replace")
                ran += 1
                if f"{f}: {cmd}" in known:
                    continue
                if not matches("\n".join(want), got):
                    failed += 1
                    print(f"{f}: example `{cmd}` printed:\n{got}--- the page shows:\n" + "\n".join(want) + "\n===")
        shutil.rmtree(work)
    shutil.rmtree(bindir)
    print(f"{ran} examples run, {failed} differ")
    sys.exit(1 if failed or ran == 0 else 0)

main()
