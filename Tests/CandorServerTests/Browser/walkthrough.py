#!/usr/bin/env python3
"""Drives a running `candor serve` with headless Chromium (selenium + chromedriver), as a team member and as two
vendors: sign in, create a round with two vendors and an incident file, open each vendor's link, answer every
question, upload evidence, review and submit, then read the dashboard. Saves a screenshot of every step.

Usage: walkthrough.py BASE_URL EMAIL PASSWORD SCREENSHOT_DIR INCIDENTS_XML EVIDENCE_FILE
Prints one JSON object on its last line: the links, and per vendor the rating and verified score the dashboard shows.
Exit status 3 when Chromium, chromedriver or selenium is missing (the caller decides whether that is a failure).
"""
import json
import os
import shutil
import sys

try:
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.support.ui import Select, WebDriverWait
except ImportError:
    print("selenium is not installed (pip install selenium)", file=sys.stderr)
    sys.exit(3)


def find_binary(*names):
    for name in names:
        path = shutil.which(name)
        if path:
            return path
    return None


def browser():
    chrome = find_binary("chromium", "chromium-browser", "google-chrome")
    driver_path = find_binary("chromedriver")
    if not chrome or not driver_path:
        print("chromium or chromedriver is not installed (apt-get install chromium chromium-driver)", file=sys.stderr)
        sys.exit(3)
    options = Options()
    options.binary_location = chrome
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000",
                     "--disable-gpu", "--force-device-scale-factor=1"]:
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.set_page_load_timeout(60)
    return driver


class Walk:
    def __init__(self, base, shots):
        self.base = base.rstrip("/")
        self.shots = shots
        self.step = 0
        self.driver = browser()

    def shot(self, name, full=False):
        self.step += 1
        path = os.path.join(self.shots, f"{self.step:02d}-{name}.png")
        if full:
            self.driver.execute_script("window.scrollTo(0, 0)")
            height = self.driver.execute_script("return document.documentElement.scrollHeight")
            self.driver.set_window_size(1280, min(max(height, 1000), 6000))
        self.driver.save_screenshot(path)
        if full:
            self.driver.set_window_size(1280, 1000)
        print(f"screenshot: {path}", file=sys.stderr)

    def go(self, path):
        self.driver.get(path if path.startswith("http") else self.base + path)

    def field(self, name):
        return self.driver.find_element(By.NAME, name)

    def click(self, css):
        self.press(self.driver.find_element(By.CSS_SELECTOR, css))

    def press(self, element, navigates=True):
        """Clicks `element`; when it `navigates`, waits until the next page has replaced this one and loaded."""
        page = self.driver.find_element(By.TAG_NAME, "html")
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
        element.click()
        if navigates:
            def replaced(driver):
                try:
                    page.is_enabled()
                    return False
                except WebDriverException:  # stale, or no longer in the document
                    return True
            WebDriverWait(self.driver, 60).until(replaced)
            WebDriverWait(self.driver, 60).until(
                lambda driver: driver.execute_script("return document.readyState") == "complete")

    def heading(self):
        return self.driver.find_element(By.TAG_NAME, "h1").text


def team_sign_in(walk, email, password, first=True):
    walk.go("/signin")
    if first:
        walk.shot("sign-in")
    walk.field("email").send_keys(email)
    walk.field("password").send_keys(password)
    walk.click("form button[type=submit]")
    assert "/rounds" in walk.driver.current_url, walk.driver.current_url
    if first:
        walk.shot("rounds-empty")


def create_round(walk, incidents):
    walk.go("/rounds/new")
    walk.field("name").send_keys("Agent governance 2026")
    walk.driver.execute_script("document.getElementById('due').value = '2099-12-31'")
    walk.field("vendors").send_keys("nimbus-cloud, Nimbus Cloud\nOakhollow Systems")
    walk.field("incidents").send_keys(incidents)
    walk.shot("round-new", full=True)
    walk.click("form.wide-form button[type=submit]")
    assert walk.heading() == "Invitation links", walk.heading()
    walk.shot("round-links")
    links = {}
    for box in walk.driver.find_elements(By.CSS_SELECTOR, "input.link-box"):
        links[box.get_attribute("data-vendor")] = box.get_attribute("value")
    assert set(links) == {"nimbus-cloud", "oakhollow-systems"}, links
    walk.click("a.button")
    round_url = walk.driver.current_url
    walk.shot("round-dashboard-invited", full=True)
    return links, round_url


def answer_domain(walk, strategy, evidence, uploaded):
    """Answers every question on the page; attaches `evidence` to the first question that requires it."""
    for fieldset in walk.driver.find_elements(By.CSS_SELECTOR, "fieldset.question"):
        radios = fieldset.find_elements(By.CSS_SELECTOR, "input[type=radio]")
        if radios:
            values = [radio.get_attribute("value") for radio in radios]
            choice = strategy(values)
            for radio in radios:
                if radio.get_attribute("value") == choice:
                    walk.driver.execute_script("arguments[0].click()", radio)
            if choice in ("na", "not-applicable"):
                walk.driver.execute_script("arguments[0].open = true", fieldset.find_element(By.CSS_SELECTOR, "details.more"))
                fieldset.find_element(By.CSS_SELECTOR, "textarea[name$='.comment']").send_keys("Not offered.")
            continue
        number = fieldset.find_elements(By.CSS_SELECTOR, "input[inputmode=decimal]")
        if number:
            number[0].clear()
            number[0].send_keys("10")
            continue
        text = fieldset.find_elements(By.CSS_SELECTOR, "textarea[name$='.value']")
        if text:
            text[0].clear()
            text[0].send_keys("Described in our operations handbook, section 3.")
    if not uploaded:
        for fieldset in walk.driver.find_elements(By.CSS_SELECTOR, "fieldset.question"):
            if fieldset.find_elements(By.CSS_SELECTOR, ".evidence-rule.required"):
                walk.driver.execute_script("arguments[0].open = true", fieldset.find_element(By.CSS_SELECTOR, "details.upload"))
                fieldset.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(evidence)
                Select(fieldset.find_element(By.CSS_SELECTOR, "select[name$='.origin']")).select_by_value("independent")
                Select(fieldset.find_element(By.CSS_SELECTOR, "select[name$='.kind']")).select_by_value("audit-report")
                fieldset.find_element(By.CSS_SELECTOR, "input[name$='.description']").send_keys("SOC 2 Type II report <b>4.2</b>")
                return True
    return uploaded


def vendor_round(walk, link, name, strategy, evidence, shots_prefix, take_shots):
    walk.driver.delete_all_cookies()
    walk.go(link)
    if take_shots:
        walk.shot(f"{shots_prefix}-home")
    walk.click(".intro a.button.primary")
    uploaded = False
    first = True
    while True:
        page_url = walk.driver.current_url
        uploaded = answer_domain(walk, strategy, evidence, uploaded)
        if take_shots and first:
            walk.shot(f"{shots_prefix}-first-part-answered", full=True)
        buttons = walk.driver.find_elements(By.CSS_SELECTOR, ".form-actions button.primary")
        last = buttons[0].get_attribute("value") == "review"
        walk.press(buttons[0])
        alerts = walk.driver.find_elements(By.CSS_SELECTOR, ".alert")
        assert not alerts, alerts[0].text
        if take_shots and first:
            next_url = walk.driver.current_url
            walk.go(page_url)
            walk.shot(f"{shots_prefix}-first-part-saved-with-evidence", full=True)
            walk.go(next_url)
        first = False
        if last:
            break
    assert walk.heading() == "Review and submit", walk.heading()
    walk.field("respondent-name").send_keys(f"Alex Doe <{name}>")
    walk.field("respondent-role").send_keys("Head of Platform Security")
    if take_shots:
        walk.shot(f"{shots_prefix}-review", full=True)
    walk.press(walk.driver.find_element(By.CSS_SELECTOR, "#confirm"), navigates=False)
    walk.click("button[value=submit]")
    assert "submitted" in walk.heading(), walk.heading()
    if take_shots:
        walk.shot(f"{shots_prefix}-submitted")
    return uploaded


def main():
    base, email, password, shots, incidents, evidence = sys.argv[1:7]
    os.makedirs(shots, exist_ok=True)
    walk = Walk(base, shots)
    try:
        team_sign_in(walk, email, password)
        links, round_url = create_round(walk, incidents)
        # Nimbus claims the best option everywhere; Oakhollow answers more modestly.
        best = lambda values: values[0]
        modest = lambda values: values[1] if len(values) > 2 else values[0]
        uploaded = vendor_round(walk, links["nimbus-cloud"], "Nimbus Cloud", best, evidence, "vendor", True)
        assert uploaded, "no question required evidence"
        vendor_round(walk, links["oakhollow-systems"], "Oakhollow Systems", modest, evidence, "vendor2", False)
        # The team again: the dashboard with both ratings.
        walk.driver.delete_all_cookies()
        team_sign_in(walk, email, password, first=False)
        walk.go(round_url)
        walk.shot("round-dashboard-submitted", full=True)
        results = {}
        for card in walk.driver.find_elements(By.CSS_SELECTOR, "article.vendor"):
            vendor = card.get_attribute("id").removeprefix("vendor-")
            results[vendor] = {
                "rating": card.find_element(By.CSS_SELECTOR, "[data-rating]").get_attribute("data-rating"),
                "verified": card.find_element(By.CSS_SELECTOR, "[data-score=verified]").text,
            }
        walk.click("#vendor-nimbus-cloud a.button.primary")
        assert "report.html" in walk.driver.current_url, walk.driver.current_url
        walk.shot("vendor-report-html")
        walk.go("/vendors/nimbus-cloud")
        walk.shot("vendor-trend", full=True)
        walk.go("/audit")
        walk.shot("audit-log", full=True)
        # A dead link.
        walk.driver.delete_all_cookies()
        walk.go(base.rstrip("/") + "/v/" + "A" * 43)
        walk.shot("unknown-link")
        print(json.dumps({"links": links, "round": round_url, "results": results}))
    finally:
        walk.driver.quit()


if __name__ == "__main__":
    main()
