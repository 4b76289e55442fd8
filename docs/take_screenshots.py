"""Screenshots of the review loop in the real Label Studio UI, for the README (headless Chromium).

Needs Debian's ``chromium`` and the ``playwright`` Python package (only its driver is used; no browser
download): ``python3 -m venv /tmp/pw && /tmp/pw/bin/pip install playwright==1.65.2``. Start a server,
``oncostruct review push ... --url URL --token TOKEN``, then::

    /tmp/pw/bin/python docs/take_screenshots.py --url http://127.0.0.1:8080 --email you@x.org \
        --password '…' --project-id 2 --task-id 4 --out docs/images
"""
from __future__ import annotations

import argparse
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--url", required=True)
    ap.add_argument("--email", required=True)
    ap.add_argument("--password", required=True)
    ap.add_argument("--project-id", type=int, required=True, help="project whose queue and task to show")
    ap.add_argument("--task-id", type=int, required=True)
    ap.add_argument("--out", type=Path, default=Path("docs/images"))
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=args.chromium, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1600, "height": 1000})
        page.goto(f"{args.url}/user/login/")
        page.fill("input[name=email]", args.email)
        page.fill("input[name=password]", args.password)
        page.click("button[type=submit], input[type=submit]")
        page.wait_for_load_state("networkidle")
        shots = {"ls_projects.png": "/projects/", "ls_data_manager.png": f"/projects/{args.project_id}/data",
                 "ls_labeling.png": f"/projects/{args.project_id}/data?tab=1&task={args.task_id}"}
        for name, path in shots.items():
            page.goto(args.url + path)
            page.wait_for_timeout(6000)  # the React apps load their data after networkidle
            page.screenshot(path=str(args.out / name))
            print(args.out / name)
        browser.close()


if __name__ == "__main__":
    main()
