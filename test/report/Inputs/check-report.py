#!/usr/bin/env python3
"""check-report.py --chromium <binary> --work <dir> report.html

Loads a `cta report` page in a real headless Chromium and prints, for
FileCheck, what it found:

  external-references <n>      src/href/url() in the file that leave it
  dom svg=<n> lanes=<n> checks=<n> acts=<n> parks=<n> arrows=<n> rows=<n>
                               counted in the DOM after Chromium ran the page
  sorted-by-function <names>   the summary after two clicks on "Function" (run by
                               Chromium with the page's own script)
  screenshot timeline <w>x<h> ink=<yes|no> act-pixels=<yes|no>
      check-pixels=<yes|no>    the first timeline's area on a screenshot of
                               the page (where Chromium laid it out): not
                               blank, with act and check colours in it
  network page-requests=<n>    URL requests made for the page in Chromium's
                               net log (Chromium's own background requests,
                               which fail to resolve, are not the page's)

With --network-only, prints the external references and loads the page once
for the network line only (for a control page that does load something).

Chromium runs with every host name unresolvable, so a request that left the
machine would fail, and shows up in the net log either way. The PNG is
decoded with zlib alone.
"""
import argparse
import html.parser
import json
import os
import re
import struct
import subprocess
import sys
import zlib

ACT = (0xd6, 0x27, 0x28)
CHECK = (0x1f, 0x77, 0xb4)

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--disable-default-apps", "--disable-extensions",
    "--disable-domain-reliability", "--metrics-recording-only",
    "--host-resolver-rules=MAP * ~NOTFOUND", "--hide-scrollbars",
]


class Refs(html.parser.HTMLParser):
    """Every reference in the page that could load something."""

    def __init__(self):
        super().__init__()
        self.external = []
        self.in_style = False

    def handle_starttag(self, tag, attrs):
        if tag == "link":
            self.external.append(f"<link> {attrs}")
        for name, value in attrs:
            value = value or ""
            if name in ("src", "href", "xlink:href", "data", "poster", "action", "srcset"):
                if not value.startswith("#"):
                    self.external.append(f"<{tag} {name}={value}>")
            if name == "style":
                self.check_css(value)
        self.in_style = tag == "style"

    def handle_endtag(self, tag):
        self.in_style = False

    def handle_data(self, data):
        if self.in_style:
            self.check_css(data)

    def check_css(self, css):
        for m in re.finditer(r"url\(\s*['\"]?([^'\")]*)", css):
            if not m.group(1).startswith("#"):
                self.external.append(f"url({m.group(1)})")
        if "@import" in css:
            self.external.append("@import")


class Dom(html.parser.HTMLParser):
    """Counts of the drawn elements, and the summary's function column."""

    def __init__(self):
        super().__init__()
        self.counts = {k: 0 for k in ("svg", "lanes", "checks", "acts", "parks", "arrows", "rows")}
        self.functions = []
        self.in_tbody = False
        self.cell = -1
        self.text = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = (a.get("class") or "").split()
        if tag == "svg" and "timeline" in cls:
            self.counts["svg"] += 1
        if tag == "g" and "lane" in cls:
            self.counts["lanes"] += 1
        if "ev-check" in cls:
            self.counts["checks"] += 1
        if "ev-act" in cls:
            self.counts["acts"] += 1
        if "ev-park" in cls:
            self.counts["parks"] += 1
        if tag == "path" and "broke" in cls and (a.get("marker-end") or "").startswith("url(#"):
            self.counts["arrows"] += 1
        if tag == "tbody":
            self.in_tbody = True
        if self.in_tbody and tag == "tr":
            self.counts["rows"] += 1
            self.cell = -1
        if self.in_tbody and tag == "td":
            self.cell += 1
            if self.cell == 3:
                self.text = ""

    def handle_endtag(self, tag):
        if tag == "tbody":
            self.in_tbody = False
        if tag == "td" and self.text is not None:
            self.functions.append(self.text.strip())
            self.text = None

    def handle_data(self, data):
        if self.text is not None:
            self.text += data


def chromium(binary, work, name, args, url):
    netlog = os.path.join(work, name + ".netlog.json")
    cmd = [binary] + CHROMIUM_FLAGS + [f"--user-data-dir={os.path.join(work, name + '.profile')}",
                                       f"--log-net-log={netlog}"] + args + [url]
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    if p.returncode != 0:
        sys.exit(f"check-report: error: chromium exited {p.returncode}: {p.stderr.decode()[-2000:]}")
    return p.stdout.decode(), netlog


def png_pixels(path, max_rows):
    """(width, height, the first max_rows rows of RGB tuples) of an 8-bit RGB
    or RGBA PNG."""
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        sys.exit("check-report: error: the screenshot is not a PNG")
    pos, idat, ihdr = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, color, _, _, interlace = ihdr
    if depth != 8 or color not in (2, 6) or interlace:
        sys.exit(f"check-report: error: unsupported PNG (depth {depth}, color {color})")
    bpp = 3 if color == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(min(height, max_rows)):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if f == 1:
                line[x] = (line[x] + a) & 255
            elif f == 2:
                line[x] = (line[x] + b) & 255
            elif f == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append([tuple(line[i:i + 3]) for i in range(0, stride, bpp)])
        prev = line
    return width, height, rows


def near(p, q, tol=24):
    return all(abs(a - b) <= tol for a, b in zip(p, q))


def network(netlog):
    """The URL requests of a net log: (made for the page, made by the browser
    itself). A request made for the page carries the page's file:// network
    isolation key or an origin as initiator; Chromium's own (component
    updates, network time) have neither."""
    text = open(netlog).read()
    try:
        log = json.loads(text)
    except ValueError:  # Chromium may end the file without closing it.
        log = json.loads(text.rstrip().rstrip(",") + "]}")
    start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    page, browser = [], []
    for e in log["events"]:
        p = e.get("params") or {}
        if e["type"] != start or "url" not in p:
            continue
        nik = p.get("network_isolation_key", "")
        if nik.startswith("file://") or p.get("initiator") not in (None, "not an origin"):
            page.append(p["url"])
        else:
            browser.append(p["url"])
    return page, browser


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--chromium", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--network-only", action="store_true")
    ap.add_argument("report")
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    page = os.path.abspath(a.report)
    url = "file://" + page
    refs = Refs()
    refs.feed(open(page, encoding="utf-8").read())
    for r in refs.external:
        print(f"external-reference {r}")
    print(f"external-references {len(refs.external)}")
    if a.network_only:
        _, log = chromium(a.chromium, a.work, "control", ["--dump-dom", "--virtual-time-budget=2000"], url)
        report_network([log])
        return

    dom_text, log1 = chromium(a.chromium, a.work, "dom", ["--dump-dom", "--virtual-time-budget=2000"], url)
    dom = Dom()
    dom.feed(dom_text)
    print("dom " + " ".join(f"{k}={v}" for k, v in dom.counts.items()))

    # The page's own script sorts the summary: click the header, then dump.
    sorter = os.path.join(a.work, "sorted.html")
    with open(sorter, "w", encoding="utf-8") as f:
        f.write(open(page, encoding="utf-8").read().replace(
            "</body>",
            "<script>var th = document.querySelectorAll('table.summary th')[3]; th.click(); th.click();</script></body>"))
    sorted_text, log2 = chromium(a.chromium, a.work, "sorted", ["--dump-dom", "--virtual-time-budget=2000"],
                                 "file://" + sorter)
    s = Dom()
    s.feed(sorted_text)
    print("sorted-by-function " + " ".join(s.functions))

    # Where the first timeline is: the page's layout, measured by Chromium in
    # a copy that records the rectangle; the screenshot is of the page itself,
    # laid out at the same width.
    measure = os.path.join(a.work, "measure.html")
    with open(measure, "w", encoding="utf-8") as f:
        f.write(open(page, encoding="utf-8").read().replace(
            "</body>",
            "<script>var r=document.querySelector('svg.timeline').getBoundingClientRect();"
            "document.body.setAttribute('data-rect',[r.left,r.top,r.width,r.height].map(Math.round).join(','));"
            "</script></body>"))
    measured, log3 = chromium(a.chromium, a.work, "measure",
                              ["--dump-dom", "--window-size=1400,900", "--virtual-time-budget=2000"],
                              "file://" + measure)
    m = re.search(r'data-rect="(\d+),(\d+),(\d+),(\d+)"', measured)
    if not m:
        sys.exit("check-report: error: no timeline to measure")
    left, top, w, h = map(int, m.groups())
    shot = os.path.join(a.work, "page.png")
    _, log4 = chromium(a.chromium, a.work, "shot",
                       [f"--screenshot={shot}", f"--window-size=1400,{top + h + 20}",
                        "--virtual-time-budget=2000"], url)
    width, height, rows = png_pixels(shot, top + h)
    area = [r[left:left + w] for r in rows[top:top + h]]
    ink = sum(1 for r in area for p in r if not near(p, (255, 255, 255), 6))
    act = sum(1 for r in area for p in r if near(p, ACT))
    check = sum(1 for r in area for p in r if near(p, CHECK))
    print(f"screenshot timeline {w}x{h} ink={'yes' if ink > w * h // 10 else 'no'} "
          f"act-pixels={'yes' if act > 100 else 'no'} check-pixels={'yes' if check > 100 else 'no'}")

    report_network([log1, log2, log3, log4])


def report_network(logs):
    page, browser = [], []
    for log in logs:
        p, b = network(log)
        page += p
        browser += b
    for u in page:
        print(f"network-request {u}")
    print(f"network page-requests={len(page)}")

if __name__ == "__main__":
    main()
