// The "Suggested entities" panel: sends the editor's current (unsaved) text to the server and adds the
// entities it finds with one click. The entity fields' <select multiple> is the source of truth: adding an
// <option selected> and dispatching a bubbling "change" is what the autocomplete widget listens for.
(function () {
    "use strict";

    function csrfToken(form) {
        const input = form.querySelector("input[name=csrfmiddlewaretoken]") ||
            document.querySelector("input[name=csrfmiddlewaretoken]");
        return input ? input.value : "";
    }

    // Draftail keeps one element per paragraph; joining them with newlines keeps words of adjacent
    // paragraphs apart, even when the body's tab is hidden and innerText falls back to textContent.
    function editorText(editor) {
        const blocks = editor.querySelectorAll("[data-block='true']");
        if (!blocks.length) return editor.innerText || editor.textContent || "";
        return Array.from(blocks, (block) => block.textContent).join("\n");
    }

    function currentText(form) {
        const value = (name) => (form.querySelector(`[name="${name}"]`) || {}).value || "";
        const body = form.querySelector("[data-contentpath='body']");
        const parts = [];
        if (body) {
            body.querySelectorAll("[contenteditable='true'], textarea, input[type='text']").forEach((element) => {
                parts.push(element.isContentEditable ? editorText(element) : element.value);
            });
        }
        return { title: value("title"), standfirst: value("standfirst"), body: parts.filter(Boolean).join("\n\n") };
    }

    function selectFor(form, field) {
        return form.querySelector(`select[name="${field}"]`);
    }

    function selectedIds(form, field) {
        const select = selectFor(form, field);
        return select ? Array.from(select.selectedOptions, (option) => option.value) : [];
    }

    function addToField(form, field, id, label) {
        const select = selectFor(form, field);
        if (!select) return false;
        let option = Array.from(select.options).find((o) => o.value === String(id));
        if (!option) {
            option = new Option(label, id, true, true);
            select.add(option);
        }
        option.selected = true;
        select.dispatchEvent(new Event("change", { bubbles: true }));
        return true;
    }

    async function postForm(url, data, form, signal) {
        const response = await fetch(url, {
            method: "POST",
            body: data,
            credentials: "same-origin",
            signal: signal,
            headers: { "X-CSRFToken": csrfToken(form), "X-Requested-With": "XMLHttpRequest" },
        });
        // A 403 from the admin's own checks or a proxy error page is not JSON; report the status instead.
        const payload = await response.json().catch(() => ({}));
        if (!response.ok) {
            const reason = payload.error || (response.status === 403
                ? "You do not have permission to do this (has your session expired?)."
                : `The server answered ${response.status}.`);
            throw new Error(reason);
        }
        return payload;
    }

    function done(item, text) {
        const button = item.querySelector("button");
        const note = document.createElement("span");
        note.className = "newsroom-suggestions__done";
        note.textContent = text;
        if (button) button.replaceWith(note);
        else item.append(note);
        item.classList.add("newsroom-suggestions__item--added");
    }

    function row(label, detail) {
        const item = document.createElement("li");
        item.className = "newsroom-suggestions__item";
        const name = document.createElement("strong");
        name.textContent = label;
        item.append(name);
        if (detail) {
            const note = document.createElement("span");
            note.className = "newsroom-suggestions__evidence";
            note.textContent = detail;
            item.append(note);
        }
        return item;
    }

    function actionButton(text, accessibleName, onClick) {
        const button = document.createElement("button");
        button.type = "button";
        button.className = "button button-small button-secondary";
        button.textContent = text;
        button.setAttribute("aria-label", accessibleName);
        button.addEventListener("click", () => onClick(button));
        return button;
    }

    function group(headingText, items) {
        const box = document.createElement("div");
        box.className = "newsroom-suggestions__group";
        const heading = document.createElement("h4");
        heading.textContent = headingText;
        const list = document.createElement("ul");
        list.append(...items);
        box.append(heading, list);
        return box;
    }

    function setup(panel) {
        if (panel.dataset.ready) return;
        panel.dataset.ready = "1";
        // The recognised kinds' article fields and their labels ({studios: "Studios", …}) and create URLs by kind.
        const FIELDS = JSON.parse(panel.dataset.fields || "{}");
        const CREATE_URLS = JSON.parse(panel.dataset.createUrls || "{}");
        // What this user may do with a new name of each kind: "create", "propose", or nothing (no button).
        const CREATE_ACTIONS = JSON.parse(panel.dataset.createActions || "{}");
        const form = panel.closest("form");
        if (!form) return;
        const status = panel.querySelector(".newsroom-suggestions__status");
        const results = panel.querySelector(".newsroom-suggestions__results");
        const runButton = panel.querySelector(".newsroom-suggestions__run");
        let lastRequest = null;
        let lastSignature = null;

        function say(message) {
            status.textContent = message;
        }

        function matchItem(match) {
            const detail = match.mentions.some((surface) => surface !== match.name)
                ? `seen as “${match.mentions.find((surface) => surface !== match.name)}”`
                : "";
            const item = row(match.name, detail);
            const label = FIELDS[match.field];
            if (match.selected) {
                done(item, "On the article");
                return item;
            }
            item.append(actionButton("Add", `Add ${match.name} to ${label}`, () => {
                if (addToField(form, match.field, match.id, match.name)) {
                    done(item, "Added");
                    say(`Added ${match.name} to ${label}.`);
                } else {
                    say(`The ${label} field is not on this form.`);
                }
            }));
            return item;
        }

        function candidateItem(candidate) {
            const evidence = candidate.evidence && candidate.evidence[0] ? ` · “${candidate.evidence[0].text}”` : "";
            const item = row(candidate.name, `new ${candidate.type}${evidence}`);
            const label = FIELDS[candidate.field];
            const createUrl = CREATE_URLS[candidate.type];
            const action = CREATE_ACTIONS[candidate.type];
            if (!action) return item;
            const propose = action === "propose";
            const verb = propose ? "Propose" : "Create";
            const buttonText = propose ? "Propose" : "Create and add";
            item.append(actionButton(buttonText, `${verb} ${candidate.type} ${candidate.name} and add to ${label}`,
                async (button) => {
                    button.disabled = true;
                    say(`${propose ? "Proposing" : "Creating"} ${candidate.name}…`);
                    const data = new FormData();
                    data.append("name", candidate.name);
                    try {
                        const created = await postForm(createUrl, data, form);
                        addToField(form, candidate.field, created.id, created.label);
                        const existed = created.created === false;
                        if (created.proposed) {
                            done(item, existed ? "Added (already proposed)" : "Proposed and added");
                            say(`${existed ? "Added" : "Proposed and added"} ${created.label} to ${label}. ` +
                                "Readers see it once an editor accepts it.");
                        } else {
                            done(item, existed ? "Added (already existed)" : "Created and added");
                            say(`${existed ? "Added" : "Created and added"} ${created.label} to ${label}.`);
                        }
                    } catch (error) {
                        button.disabled = false;
                        say(`Could not ${verb.toLowerCase()} ${candidate.name}: ${error.message}`);
                    }
                }));
            return item;
        }

        // A fact the text states ("directed by …"): one click records it on its film or person (a new credit,
        // company or affiliation row), whatever happens to the story.
        function factItem(fact) {
            const item = row(fact.label, `“${fact.evidence.text}”`);
            if (!fact.can_add) return item;
            item.append(actionButton("Add", `Add fact: ${fact.label}`, async (button) => {
                button.disabled = true;
                say(`Recording ${fact.label}…`);
                const data = new FormData();
                data.append("kind", fact.kind);
                data.append("subject", fact.subject.id);
                data.append("target", fact.target.id);
                data.append("role", fact.role);
                data.append("territory", fact.territory);
                data.append("title", fact.title);
                try {
                    const added = await postForm(panel.dataset.addFactUrl, data, form);
                    done(item, added.created ? "Recorded" : "Already recorded");
                    say(`${added.created ? "Recorded" : "Already recorded"}: ${fact.label}.`);
                } catch (error) {
                    button.disabled = false;
                    say(`Could not record ${fact.label}: ${error.message}`);
                }
            }));
            return item;
        }

        // A business statement ("opens in China on 3 March"): one click records it through its finder.
        function statementItem(statement) {
            const item = row(statement.label, `“${statement.evidence.text}”`);
            if (!statement.can_add) return item;
            item.append(actionButton("Add", `Add: ${statement.label}`, async (button) => {
                button.disabled = true;
                say(`Recording ${statement.label}…`);
                const data = new FormData();
                data.append("kind", statement.kind);
                data.append("payload", JSON.stringify(statement.payload));
                // The story being edited dates what the sentence leaves undated ("grossed $40 million").
                if (panel.dataset.pageId) data.append("page", panel.dataset.pageId);
                const storyDate = form.querySelector("[name='date']");
                if (storyDate && storyDate.value) data.append("date", storyDate.value);
                try {
                    const added = await postForm(panel.dataset.addStatementUrl, data, form);
                    done(item, "Recorded");
                    say(added.message || `Recorded: ${statement.label}.`);
                } catch (error) {
                    button.disabled = false;
                    say(`Could not record ${statement.label}: ${error.message}`);
                }
            }));
            return item;
        }

        function render(data) {
            results.replaceChildren();
            let known = 0;
            Object.entries(FIELDS).forEach(([field, label]) => {
                const matches = data.matches[field] || [];
                known += matches.length;
                if (matches.length) results.append(group(`${label} mentioned`, matches.map(matchItem)));
            });
            const fresh = data.candidates.filter((candidate) => FIELDS[candidate.field]);
            if (fresh.length) results.append(group("New names", fresh.map(candidateItem)));
            const facts = data.facts || [];
            if (facts.length) results.append(group("Facts stated", facts.map(factItem)));
            // Statements arrive grouped by kind ("Release dates", "Box office"…), one heading per kind.
            const byGroup = new Map();
            (data.statements || []).forEach((statement) => {
                if (!byGroup.has(statement.group)) byGroup.set(statement.group, []);
                byGroup.get(statement.group).push(statement);
            });
            byGroup.forEach((items, heading) => results.append(group(heading, items.map(statementItem))));
            const stated = (data.statements || []).length;
            say(known || fresh.length
                ? `Found ${known} known ${known === 1 ? "entity" : "entities"} and ${fresh.length} new ${fresh.length === 1 ? "name" : "names"}` +
                    (facts.length + stated
                        ? `, and ${facts.length + stated} ${facts.length + stated === 1 ? "fact" : "facts"} to record.`
                        : ".")
                : "No studios, people or films found in the text yet.");
        }

        function signature(text) {
            return JSON.stringify([text, ...Object.keys(FIELDS).map((field) => selectedIds(form, field))]);
        }

        async function run({ onlyIfChanged = false } = {}) {
            const text = currentText(form);
            const current = signature(text);
            if (onlyIfChanged && current === lastSignature) return;
            lastSignature = current;
            if (lastRequest) lastRequest.abort();
            const request = new AbortController();
            lastRequest = request;

            const data = new FormData();
            Object.entries(text).forEach(([key, value]) => data.append(key, value));
            Object.keys(FIELDS).forEach((field) => selectedIds(form, field).forEach((id) => data.append(field, id)));
            if (panel.dataset.pageId) data.append("page", panel.dataset.pageId);
            if (panel.dataset.parentId) data.append("parent", panel.dataset.parentId);

            panel.setAttribute("aria-busy", "true");
            say("Reading the story…");
            try {
                render(await postForm(panel.dataset.suggestUrl, data, form, request.signal));
            } catch (error) {
                if (error.name === "AbortError") return;
                lastSignature = null; // let the next tab visit try again
                say(`Could not analyse the text: ${error.message}`);
            } finally {
                if (lastRequest === request) {
                    lastRequest = null;
                    panel.removeAttribute("aria-busy");
                }
            }
        }

        runButton.addEventListener("click", () => run());

        // Refresh when the tab holding the panel is shown. Watching the tab panel's "hidden" attribute catches
        // both a click on the tab and a tab opened from the URL (#tab-…), and does not depend on the order in
        // which Wagtail's tabs controller fires its events and unhides the panel.
        const tabPanel = panel.closest("[role='tabpanel']");
        const refreshIfShown = () => {
            if (!panel.closest("[hidden]")) run({ onlyIfChanged: true });
        };
        if (tabPanel) {
            new MutationObserver(refreshIfShown).observe(tabPanel, { attributes: true, attributeFilter: ["hidden"] });
        }
        refreshIfShown();
    }

    function init() {
        document.querySelectorAll(".newsroom-suggestions").forEach(setup);
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", init);
    } else {
        init();
    }
})();
