#!/usr/bin/env python3
"""Opens an HTML report in headless Chromium and checks that every figure loads and nothing leaves the machine.

Usage: check-report.py REPORT.html     (exit 0: ok; 1: a figure failed or the page asked for a non-local URL)
       check-report.py --self-test     (the check must fail on a page with a broken figure and a remote request)

Chromium is driven over the DevTools protocol on a pipe (--remote-debugging-pipe: JSON messages ending in NUL on
file descriptors 3 and 4), so no websocket library is needed. Every request the page makes is intercepted (Fetch
domain): file:, data: and about: requests go on, anything else is failed and reported. Every <img> must have
loaded (complete, naturalWidth > 0) and every linked SVG (a[href$=".svg"]) must load as an image too.
"""
import json
import os
import pathlib
import select
import shutil
import subprocess
import sys
import tempfile
import time

LOCAL = ("file:", "data:", "about:")
TIMEOUT_S = 45

CHECK_JS = """
(async () => {
  const imgs = [...document.images].map(i => ({src: i.getAttribute('src'), ok: i.complete && i.naturalWidth > 0}));
  const svgs = [...document.querySelectorAll('a[href$=".svg"]')].map(a => a.getAttribute('href'));
  const svgOk = await Promise.all(svgs.map(href => new Promise(done => {
    const i = new Image();
    i.onload = () => done({src: href, ok: i.naturalWidth > 0});
    i.onerror = () => done({src: href, ok: false});
    i.src = href;
  })));
  return JSON.stringify({imgs, svgs: svgOk});
})()
"""


class Browser:
    def __init__(self):
        exe = shutil.which("chromium") or shutil.which("chromium-browser")
        if not exe:
            sys.exit("check-report: chromium not found (apt-get install chromium)")
        self.profile = tempfile.mkdtemp(prefix="socsim-chromium-")
        to_chrome_r, self.to_chrome = os.pipe()
        self.from_chrome, from_chrome_w = os.pipe()
        # Chromium reads commands on fd 3 and writes replies on fd 4 (kept open in the child by pass_fds).

        def fds():
            # via fresh copies, so that neither dup2 clobbers the other pipe end when it already sits on 3 or 4
            a, b = os.dup(to_chrome_r), os.dup(from_chrome_w)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.proc = subprocess.Popen(
            [exe, "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe",
             "--user-data-dir=" + self.profile, "--no-first-run", "--no-default-browser-check",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--disable-extensions", "--disable-default-apps", "--allow-file-access-from-files", "about:blank"],
            preexec_fn=fds, pass_fds=(3, 4), stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self.buf = b""
        self.next_id = 0
        self.events = []
        self.deadline = time.monotonic() + TIMEOUT_S

    def send(self, method, params=None, session=None):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self.to_chrome, json.dumps(msg).encode() + b"\0")
        return self.next_id

    def read(self):
        while b"\0" not in self.buf:
            left = self.deadline - time.monotonic()
            if left <= 0 or not select.select([self.from_chrome], [], [], left)[0]:
                raise TimeoutError("no reply from chromium within %d s" % TIMEOUT_S)
            chunk = os.read(self.from_chrome, 1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed the DevTools pipe")
            self.buf += chunk
        raw, self.buf = self.buf.split(b"\0", 1)
        return json.loads(raw)

    def call(self, method, params=None, session=None, on_event=None):
        want = self.send(method, params, session)
        while True:
            m = self.read()
            if m.get("id") == want:
                if "error" in m:
                    raise RuntimeError("%s: %s" % (method, m["error"]))
                return m.get("result", {})
            if on_event:
                on_event(m)

    def close(self):
        try:
            self.send("Browser.close")
            self.proc.wait(timeout=10)
        except Exception:
            self.proc.kill()
        shutil.rmtree(self.profile, ignore_errors=True)


def check(report):
    """Returns (problems, figures) for the page at `report`."""
    url = pathlib.Path(report).resolve().as_uri()
    b = Browser()
    problems = []
    try:
        target = b.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = b.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        loaded = []

        def on_event(m):
            if m.get("sessionId") != session:
                return
            method, p = m.get("method"), m.get("params", {})
            if method == "Fetch.requestPaused":
                u = p["request"]["url"]
                if u.startswith(LOCAL):
                    b.send("Fetch.continueRequest", {"requestId": p["requestId"]}, session)
                else:
                    problems.append("request leaves the machine: " + u)
                    b.send("Fetch.failRequest", {"requestId": p["requestId"], "errorReason": "BlockedByClient"},
                           session)
            elif method == "Network.requestWillBeSent":
                u = p["request"]["url"]
                if not u.startswith(LOCAL) and ("request leaves the machine: " + u) not in problems:
                    problems.append("request leaves the machine: " + u)
            elif method == "Page.loadEventFired":
                loaded.append(True)

        b.call("Network.enable", {}, session, on_event)
        b.call("Page.enable", {}, session, on_event)
        b.call("Fetch.enable", {"patterns": [{"urlPattern": "*"}]}, session, on_event)
        b.call("Page.navigate", {"url": url}, session, on_event)
        while not loaded:
            on_event(b.read())
        r = b.call("Runtime.evaluate", {"expression": CHECK_JS, "awaitPromise": True, "returnByValue": True},
                   session, on_event)
        if "exceptionDetails" in r:
            problems.append("script error: %s" % r["exceptionDetails"])
            return problems, 0
        res = json.loads(r["result"]["value"])
        for f in res["imgs"] + res["svgs"]:
            if not f["ok"]:
                problems.append("figure did not load: " + str(f["src"]))
        if not res["imgs"]:
            problems.append("the page has no figures")
        return problems, len(res["imgs"]) + len(res["svgs"])
    finally:
        b.close()


def self_test():
    """The check must catch a missing figure, a broken figure and a remote request."""
    d = pathlib.Path(tempfile.mkdtemp(prefix="socsim-check-"))
    try:
        (d / "broken.png").write_bytes(b"not a png")
        (d / "r.html").write_text('<!doctype html><img src="missing.png"><img src="broken.png">'
                                  '<img src="http://192.0.2.1/remote.png">')
        problems, _ = check(d / "r.html")
        want = ["missing.png", "broken.png", "request leaves the machine: http://192.0.2.1/remote.png"]
        for w in want:
            if not any(w in p for p in problems):
                sys.exit("check-report self-test: did not catch %r (found: %s)" % (w, problems))
        print("check-report self-test: caught a missing figure, a broken figure and a remote request")
    finally:
        shutil.rmtree(d, ignore_errors=True)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    if sys.argv[1] == "--self-test":
        self_test()
        return
    t0 = time.monotonic()
    problems, n = check(sys.argv[1])
    if problems:
        print("check-report: %s FAILED" % sys.argv[1])
        for p in problems:
            print("  " + p)
        sys.exit(1)
    print("check-report: %s: %d figures loaded (PNG inline + linked SVG), no request left the machine (%.1f s)"
          % (sys.argv[1], n, time.monotonic() - t0))


if __name__ == "__main__":
    main()
