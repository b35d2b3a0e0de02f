"""sarif-flows.py <confirm.sarif>: one line per result and per threadFlow of
`cta confirm --format sarif`, for FileCheck."""
import json
import sys

log = json.load(open(sys.argv[1]))
for r in log["runs"][0]["results"]:
    props = r.get("properties", {})
    fn = r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]
    flows = r.get("codeFlows", [])
    print(f"result {fn} level={r['level']} verdict={props.get('ctaVerdict')} codeFlows={len(flows)}")
    if not flows:
        continue
    orders, absent, acts = [], 0, 0
    threads = flows[0]["threadFlows"]
    for t in threads:
        locs = t["locations"]
        kinds = [l["kinds"][0] for l in locs]
        order = [l["executionOrder"] for l in locs]
        orders += order
        located = all("physicalLocation" in l["location"] for l in locs if l["kinds"][0] in ("check", "act"))
        absent += sum(1 for l in locs if l["kinds"][0] == "check" and l["properties"]["ctaSawAbsent"])
        acts += kinds.count("act")
        print(f"thread {t['id']} {' '.join(kinds)} ordered={'yes' if order == sorted(order) else 'no'} "
              f"located={'yes' if located else 'no'}")
    print(f"threads {len(threads)} distinct-orders={'yes' if len(set(orders)) == len(orders) else 'no'} "
          f"checks-saw-absent={absent} acts={acts}")
