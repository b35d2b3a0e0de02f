#!/usr/bin/env python3
"""check-sarif.py [--docs <docs-dir>] [--run] [file.sarif]

Validates a SARIF log written by cta (`cta lint --format sarif`, the plugin's
`-fplugin-arg-cta-sarif=`) against the SARIF 2.1.0 JSON schema
(test/Inputs/sarif), then against what GitHub code scanning relies on and
cta's own promises (rule metadata, help URIs that name a docs page that
exists, check and act as related locations, fingerprints, URIs that resolve
to absolute files through originalUriBaseIds). Reads standard input without
a file.

On success prints, for FileCheck, one line per rule:
  rule <id> <helpUri relative to the docs base>
then one line per result:
  result <ruleId> <file basename>:<line>:<col> check=<line>:<col> act=<line>:<col> fixes=<n> fingerprint=<yes|no> function=<name>
and for every fix, one line per replacement:
  fix <file basename> offset=<n> length=<n> text=<inserted text>
With --run, first prints the run's URI base and invocation:
  srcroot <path or ->
  invocation executionSuccessful=<true|false> notifications=<n>
  notification <id> <file basename or -> <message>
On a violation prints `check-sarif: error: <what>` and exits 1.
"""
import argparse
import importlib.util
import json
import os
import sys
from urllib.parse import urlparse, unquote

_here = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location(
    "validate_sarif", os.path.join(_here, "..", "..", "Inputs", "sarif", "validate-sarif.py"))
validate_sarif = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(validate_sarif)

# %SRCROOT% and friends, from the run's originalUriBaseIds.
BASES = {}

LEVELS = {"none", "note", "warning", "error"}


class Invalid(Exception):
    pass


def need(cond, what):
    if not cond:
        raise Invalid(what)


def obj(v, where):
    need(isinstance(v, dict), f"{where} is not an object")
    return v


def arr(v, where):
    need(isinstance(v, list), f"{where} is not an array")
    return v


def text(v, where):
    need(isinstance(v, str) and v != "", f"{where} is not a non-empty string")
    return v


def posint(v, where):
    need(isinstance(v, int) and not isinstance(v, bool) and v >= 1,
         f"{where} is not an integer >= 1")
    return v


def file_uri(v, where):
    text(v, where)
    u = urlparse(v)
    need(u.scheme == "file", f"{where} '{v}' is not a file: URI")
    need(u.netloc == "", f"{where} '{v}' has a host (a relative path?)")
    need(unquote(u.path).startswith("/"), f"{where} '{v}' is not absolute")
    return unquote(u.path)


def artifact(v, where):
    obj(v, where)
    uri = text(v.get("uri"), f"{where}.uri")
    base = v.get("uriBaseId")
    if base is None:
        return file_uri(uri, f"{where}.uri")
    need(base in BASES, f"{where}.uriBaseId '{base}' is not in originalUriBaseIds")
    u = urlparse(uri)
    need(not u.scheme and not uri.startswith("/"), f"{where}.uri '{uri}' is not relative")
    return BASES[base] + unquote(uri)


def message(v, where):
    text(obj(v, where).get("text"), f"{where}.text")


def region(v, where):
    obj(v, where)
    line = posint(v.get("startLine"), f"{where}.startLine")
    col = posint(v.get("startColumn"), f"{where}.startColumn")
    if "endLine" in v:
        need(posint(v["endLine"], f"{where}.endLine") >= line,
             f"{where}.endLine before startLine")
    if "endColumn" in v:
        posint(v["endColumn"], f"{where}.endColumn")
    return line, col


def physical(v, where):
    obj(v, where)
    path = artifact(v.get("artifactLocation"), f"{where}.artifactLocation")
    line, col = region(v.get("region"), f"{where}.region")
    return path, line, col


def check_rules(driver, docs):
    rules = arr(driver.get("rules"), "runs[0].tool.driver.rules")
    need(rules, "runs[0].tool.driver.rules is empty")
    ids = []
    out = []
    for i, r in enumerate(rules):
        where = f"rules[{i}]"
        obj(r, where)
        rid = text(r.get("id"), f"{where}.id")
        need(rid.startswith("cta-"), f"{where}.id '{rid}' lacks the cta- prefix")
        need(rid not in ids, f"{where}.id '{rid}' is not unique")
        ids.append(rid)
        message(r.get("shortDescription"), f"{where}.shortDescription")
        message(r.get("fullDescription"), f"{where}.fullDescription")
        help_ = obj(r.get("help"), f"{where}.help")
        text(help_.get("text"), f"{where}.help.text")
        md = text(help_.get("markdown"), f"{where}.help.markdown")
        need(f"**{rid}**" in md, f"{where}.help.markdown does not name the rule")
        props = obj(r.get("properties"), f"{where}.properties")
        need(props.get("precision") in {"very-high", "high", "medium", "low"},
             f"{where}.properties.precision {props.get('precision')!r}")
        tags = arr(props.get("tags"), f"{where}.properties.tags")
        need("concurrency" in tags and any(t.startswith("external/cwe/") for t in tags),
             f"{where}.properties.tags lacks 'concurrency' or a CWE")
        uri = text(r.get("helpUri"), f"{where}.helpUri")
        page = rid[len("cta-"):] + ".md"
        need(uri.endswith("/" + page), f"{where}.helpUri '{uri}' does not end in '{page}'")
        if docs:
            need(os.path.isfile(os.path.join(docs, page)),
                 f"{where}.helpUri names '{page}', which is not in {docs}")
        level = obj(r.get("defaultConfiguration", {}), f"{where}.defaultConfiguration").get("level", "warning")
        need(level in LEVELS, f"{where}.defaultConfiguration.level '{level}'")
        out.append(f"rule {rid} {page}")
    return ids, out


def check_result(i, r, ids):
    where = f"results[{i}]"
    obj(r, where)
    rid = text(r.get("ruleId"), f"{where}.ruleId")
    need(rid in ids, f"{where}.ruleId '{rid}' is not among the driver's rules")
    if "ruleIndex" in r:
        need(r["ruleIndex"] == ids.index(rid), f"{where}.ruleIndex does not match ruleId")
    need(r.get("level", "warning") in LEVELS, f"{where}.level")
    message(r.get("message"), f"{where}.message")
    locs = arr(r.get("locations"), f"{where}.locations")
    need(len(locs) >= 1, f"{where}.locations is empty")
    path, line, col = physical(obj(locs[0], f"{where}.locations[0]").get("physicalLocation"),
                               f"{where}.locations[0].physicalLocation")
    function = "-"
    for j, ll in enumerate(locs[0].get("logicalLocations", [])):
        function = text(obj(ll, f"{where}.logicalLocations[{j}]").get("fullyQualifiedName"),
                        f"{where}.logicalLocations[{j}].fullyQualifiedName")
    related = arr(r.get("relatedLocations"), f"{where}.relatedLocations")
    need(len(related) == 2, f"{where}.relatedLocations has {len(related)} entries, not 2 (check, act)")
    sites = []
    for j, rel in enumerate(related):
        rw = f"{where}.relatedLocations[{j}]"
        obj(rel, rw)
        need(isinstance(rel.get("id"), int), f"{rw}.id is not an integer")
        message(rel.get("message"), f"{rw}.message")
        sites.append(physical(rel.get("physicalLocation"), f"{rw}.physicalLocation"))
    need(related[0]["message"]["text"].startswith("check of "), f"{where}: first related location is not the check")
    need(related[1]["message"]["text"].startswith("act on "), f"{where}: second related location is not the act")
    need(sites[0] == (path, line, col), f"{where}: the check's related location is not the result's location")
    fps = obj(r.get("partialFingerprints"), f"{where}.partialFingerprints")
    need(fps and all(isinstance(v, str) and v for v in fps.values()),
         f"{where}.partialFingerprints is empty or not strings")
    fixes = arr(r.get("fixes", []), f"{where}.fixes")
    fix_lines = []
    for k, fx in enumerate(fixes):
        fw = f"{where}.fixes[{k}]"
        obj(fx, fw)
        changes = arr(fx.get("artifactChanges"), f"{fw}.artifactChanges")
        need(changes, f"{fw}.artifactChanges is empty")
        for c, ch in enumerate(changes):
            cw = f"{fw}.artifactChanges[{c}]"
            obj(ch, cw)
            fpath = artifact(ch.get("artifactLocation"), f"{cw}.artifactLocation")
            reps = arr(ch.get("replacements"), f"{cw}.replacements")
            need(reps, f"{cw}.replacements is empty")
            for q, rep in enumerate(reps):
                rw = f"{cw}.replacements[{q}]"
                obj(rep, rw)
                dr = obj(rep.get("deletedRegion"), f"{rw}.deletedRegion")
                need(isinstance(dr.get("charOffset"), int) and dr["charOffset"] >= 0,
                     f"{rw}.deletedRegion.charOffset")
                need(isinstance(dr.get("charLength"), int) and dr["charLength"] >= 0,
                     f"{rw}.deletedRegion.charLength")
                ins = obj(rep.get("insertedContent", {"text": ""}), f"{rw}.insertedContent")
                need(isinstance(ins.get("text"), str), f"{rw}.insertedContent.text")
                fix_lines.append(f"fix {os.path.basename(fpath)} offset={dr['charOffset']} "
                                 f"length={dr['charLength']} text={ins['text']}")
    line_out = (f"result {rid} {os.path.basename(path)}:{line}:{col} "
                f"check={sites[0][1]}:{sites[0][2]} act={sites[1][1]}:{sites[1][2]} "
                f"fixes={len(fixes)} fingerprint={'yes' if fps else 'no'} function={function}")
    return [line_out] + fix_lines


def check_run(run):
    bases = obj(run.get("originalUriBaseIds", {}), "runs[0].originalUriBaseIds")
    for name, loc in bases.items():
        where = f"runs[0].originalUriBaseIds.{name}"
        path = file_uri(obj(loc, where).get("uri"), f"{where}.uri")
        need(path.endswith("/"), f"{where}.uri does not end in '/'")
        BASES[name] = path
    need(set(bases) <= {"%SRCROOT%"}, f"unexpected uriBaseIds {sorted(bases)}")
    invs = arr(run.get("invocations"), "runs[0].invocations")
    need(len(invs) == 1, f"runs[0].invocations has {len(invs)} entries, not 1")
    inv = obj(invs[0], "runs[0].invocations[0]")
    ok = inv.get("executionSuccessful")
    need(isinstance(ok, bool), "runs[0].invocations[0].executionSuccessful is not a boolean")
    notes = arr(inv.get("toolExecutionNotifications", []),
                "runs[0].invocations[0].toolExecutionNotifications")
    need(ok == (not notes), "executionSuccessful disagrees with the notifications")
    out = [f"srcroot {bases['%SRCROOT%']['uri'][len('file://'):] if bases else '-'}",
           f"invocation executionSuccessful={'true' if ok else 'false'} notifications={len(notes)}"]
    for i, n in enumerate(notes):
        where = f"toolExecutionNotifications[{i}]"
        obj(n, where)
        need(n.get("level") == "error", f"{where}.level is not 'error'")
        nid = text(obj(n.get("descriptor"), f"{where}.descriptor").get("id"), f"{where}.descriptor.id")
        msg = obj(n.get("message"), f"{where}.message").get("text")
        name = "-"
        for j, loc in enumerate(n.get("locations", [])):
            name = os.path.basename(artifact(obj(loc, f"{where}.locations[{j}]").get("physicalLocation", {}).get("artifactLocation"),
                                             f"{where}.locations[{j}].physicalLocation.artifactLocation"))
        out.append(f"notification {nid} {name} {msg}")
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs")
    ap.add_argument("--run", action="store_true")
    ap.add_argument("file", nargs="?")
    a = ap.parse_args()
    data = open(a.file).read() if a.file else sys.stdin.read()
    try:
        try:
            log = json.loads(data)
        except ValueError as e:
            raise Invalid(f"not JSON: {e}")
        with open(validate_sarif.SCHEMA) as f:
            schema = json.load(f)
        for where, what in validate_sarif.Builtin(schema).errors(log, schema):
            raise Invalid(f"not valid against the SARIF 2.1.0 schema: {where}: {what}")
        obj(log, "the log")
        need(log.get("version") == "2.1.0", f"version is {log.get('version')!r}, not '2.1.0'")
        schema = text(log.get("$schema"), "$schema")
        need("sarif" in schema and "2.1.0" in schema, f"$schema '{schema}' is not SARIF 2.1.0's")
        runs = arr(log.get("runs"), "runs")
        need(len(runs) == 1, f"{len(runs)} runs, expected 1")
        run = obj(runs[0], "runs[0]")
        driver = obj(obj(run.get("tool"), "runs[0].tool").get("driver"), "runs[0].tool.driver")
        need(driver.get("name") == "cta", "runs[0].tool.driver.name is not 'cta'")
        run_out = check_run(run)
        ids, out = check_rules(driver, a.docs)
        if a.run:
            out = run_out + out
        results = arr(run.get("results"), "runs[0].results")
        for i, r in enumerate(results):
            out += check_result(i, r, ids)
    except Invalid as e:
        print(f"check-sarif: error: {e}", file=sys.stderr)
        return 1
    print("\n".join(out))
    print(f"results {len(results)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
