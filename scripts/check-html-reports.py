#!/usr/bin/env python3
"""Loads candor's HTML reports in headless Chromium (selenium with Debian's chromium-driver) and checks what a
reader's browser does with them:

- no console error (a Content-Security-Policy violation is one) and no network request: the page loads nothing
  but itself;
- printed on A4, the executive summary is on the first page and the details start on the second;
- a screenshot and a PDF of each page are written to the artifacts folder.

    scripts/check-html-reports.py --artifacts DIR REPORT.html...

Exit status 0 when every page passes, 1 otherwise (each problem on standard error).
"""

import argparse
import base64
import os
import re
import subprocess
import sys
import tempfile

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service


def browser():
    options = Options()
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,1600",
                     "--disable-dev-shm-usage"]:
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver_path = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")
    return webdriver.Chrome(service=Service(driver_path), options=options)


def squeeze(text):
    """Text without white space or hyphens: what survives line breaking in a PDF's text."""
    return re.sub(r"[\s\-\u00ad]+", "", text)


def requests_made(driver, page_url):
    urls = []
    import json
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            url = message["params"]["request"]["url"]
            if url != page_url:
                urls.append(url)
    return urls


def check(driver, path, artifacts):
    problems = []
    url = "file://" + os.path.abspath(path)
    name = os.path.basename(path)
    driver.get_log("performance")  # drop what earlier pages logged
    driver.get(url)
    driver.execute_script("return document.readyState")
    for entry in driver.get_log("browser"):
        if entry["level"] in ("SEVERE", "ERROR"):
            problems.append(f"{name}: console error: {entry['message']}")
    for request in requests_made(driver, url):
        problems.append(f"{name}: the page requested {request}")
    if driver.execute_script("return document.querySelectorAll('script, img, iframe, object, embed, link').length"):
        problems.append(f"{name}: the page holds a script, image, frame or link element")
    stem = os.path.splitext(name)[0]
    driver.save_screenshot(os.path.join(artifacts, stem + ".png"))
    pdf = driver.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True})
    pdf_path = os.path.join(artifacts, stem + ".pdf")
    with open(pdf_path, "wb") as handle:
        handle.write(base64.b64decode(pdf["data"]))
    summary = driver.execute_script(
        "var s = document.getElementById('summary'); return s ? s.innerText : null")
    if summary is not None:
        first_page = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-layout", pdf_path, "-"],
                                    capture_output=True, text=True, check=True).stdout
        second_page = subprocess.run(["pdftotext", "-f", "2", "-l", "2", pdf_path, "-"],
                                     capture_output=True, text=True, check=True).stdout
        # The summary's last 80 characters (as text, without breaks) are on page 1, and page 2 starts the details.
        tail = squeeze(summary)[-80:]
        if tail not in squeeze(first_page):
            problems.append(f"{name}: the executive summary does not fit on the first printed page")
        next_heading = driver.execute_script(
            "var s = document.getElementById('summary').nextElementSibling;"
            " return s && s.querySelector('h2') ? s.querySelector('h2').innerText : null")
        if next_heading and not squeeze(second_page).startswith(squeeze(next_heading)):
            problems.append(f"{name}: page 2 does not start with \"{next_heading}\"")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--artifacts", default=tempfile.mkdtemp(prefix="candor-html-"))
    parser.add_argument("reports", nargs="+")
    arguments = parser.parse_args()
    os.makedirs(arguments.artifacts, exist_ok=True)
    driver = browser()
    problems = []
    try:
        for path in arguments.reports:
            found = check(driver, path, arguments.artifacts)
            problems += found
            print(f"{'ok  ' if not found else 'FAIL'} {path}")
    finally:
        driver.quit()
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"screenshots and PDFs in {arguments.artifacts}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
