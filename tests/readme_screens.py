#!/usr/bin/env python3
"""Check (or rewrite) the screens that README.md and docs/ show.

A screen is a fenced block right after a line of the form

    <!-- screen WIDTHxHEIGHT LANG: ARGS | KEYS -->

(an HTML comment, so the page does not show it). The program runs as
`attnstep ARGS` in a tmux window of that size with LANG set to LANG
(C.UTF-8 or zh_CN.UTF-8), KEYS are typed (tmux send-keys arguments,
separated by spaces), and the screen it then shows must be the block, line
for line (trailing spaces aside). With --update the blocks are replaced by
what the program shows. Usage:

    readme_screens.py [--update] BINARY FILE.md...

Exit status 0 when every screen matches, 1 when one does not (each
difference is printed), 2 on a malformed marker or a missing tmux.
"""
import os, re, shutil, subprocess, sys, time

MARK = re.compile(r"^<!-- screen (\d+)x(\d+) (\S+): (.*?) \| (.*?) -->$")


def tmux(sock, *args, check=True):
    return subprocess.run(["tmux", "-L", sock, *args], capture_output=True, text=True, check=check)


def capture(sock):
    return tmux(sock, "capture-pane", "-p").stdout


def settled(sock, timeout=10.0):
    """The screen once it has not changed for 0.3 s."""
    last, since, end = None, time.time(), time.time() + timeout
    while time.time() < end:
        now = capture(sock)
        if now != last:
            last, since = now, time.time()
        elif time.time() - since >= 0.3:
            break
        time.sleep(0.05)
    return last


def show(binary, width, height, lang, args, keys):
    show.count = getattr(show, "count", 0) + 1
    sock = "readme-screens-%d-%d" % (os.getpid(), show.count)
    cmd = "env LANG=%s LC_ALL= LC_MESSAGES= LANGUAGE= NO_COLOR=1 %s %s" % (lang, binary, args)
    tmux(sock, "-f", "/dev/null", "new-session", "-d", "-x", str(width), "-y", str(height), cmd)
    try:
        settled(sock)
        for key in keys.split():
            tmux(sock, "send-keys", key)
            settled(sock, 5.0)
        lines = [l.rstrip() for l in settled(sock).rstrip("\n").split("\n")]
    finally:
        tmux(sock, "kill-server", check=False)
    while lines and not lines[-1]:
        lines.pop()
    return lines


def main():
    args = sys.argv[1:]
    update = bool(args) and args[0] == "--update"
    if update:
        args = args[1:]
    if len(args) < 2:
        print(__doc__.split("Usage:")[1].strip(), file=sys.stderr)
        return 2
    if not shutil.which("tmux"):
        print("readme_screens.py: tmux is not installed", file=sys.stderr)
        return 2
    binary, files = os.path.abspath(args[0]), args[1:]
    bad = checked = 0
    for path in files:
        text = open(path, encoding="utf-8").read().split("\n")
        out, k = [], 0
        while k < len(text):
            line = text[k]
            out.append(line)
            k += 1
            if not line.startswith("<!-- screen"):
                continue
            m = MARK.match(line)
            if not m or k >= len(text) or not text[k].startswith("```"):
                print("%s:%d: a screen marker is <!-- screen WxH LANG: ARGS | KEYS --> followed by a fence"
                      % (path, k), file=sys.stderr)
                return 2
            w, h, lang, run_args, keys = int(m[1]), int(m[2]), m[3], m[4], m[5]
            end = k + 1
            while end < len(text) and not text[end].startswith("```"):
                end += 1
            want = [l.rstrip() for l in text[k + 1:end]]
            got = show(binary, w, h, lang, run_args, keys)
            checked += 1
            if got != want:
                bad += 1
                print("%s:%d: the screen of `attnstep %s` (%dx%d, %s, keys %s) is not what the page shows:"
                      % (path, k, run_args, w, h, lang, keys))
                for n in range(max(len(got), len(want))):
                    a = want[n] if n < len(want) else "(none)"
                    b = got[n] if n < len(got) else "(none)"
                    if a != b:
                        print("  line %d\n    page:    %s\n    program: %s" % (n + 1, a, b))
            out.append(text[k])
            out.extend(got if update else text[k + 1:end])
            k = end
        if update:
            open(path, "w", encoding="utf-8").write("\n".join(out))
    print("%d screens checked, %d differ%s" % (checked, bad, " (rewritten)" if update and bad else ""))
    return 0 if update or bad == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
