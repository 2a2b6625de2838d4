// The "Suggested entities" panel: analyses the editor's current text and adds entities with one click.
// It adds options to the entity fields' <select multiple> and dispatches "change" (see articles/admin/widgets.py).
(function () {
    function csrfToken() {
        const input = document.querySelector("input[name=csrfmiddlewaretoken]");
        return input ? input.value : "";
    }

    function currentText(form) {
        const value = (name) => (form.querySelector(`[name="${name}"]`) || {}).value || "";
        const body = Array.from(form.querySelectorAll("[contenteditable='true'], [data-contentpath] textarea"))
            .map((element) => element.innerText || element.value || "")
            .join("\n\n");
        return { title: value("title"), standfirst: value("standfirst"), body: body };
    }

    function selectFor(form, field) {
        return form.querySelector(`select[name="${field}"]`);
    }

    function isSelected(select, id) {
        return Array.from(select.options).some((option) => option.value === String(id) && option.selected);
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

    function row(kind, label, detail, actionText, action) {
        const item = document.createElement("li");
        const type = document.createElement("span");
        type.className = "newsroom-suggestions__kind";
        type.textContent = kind;
        const name = document.createElement("strong");
        name.textContent = label;
        item.append(type, name);
        if (detail) {
            const note = document.createElement("span");
            note.className = "newsroom-suggestions__evidence";
            note.textContent = detail;
            item.append(note);
        }
        const button = document.createElement("button");
        button.type = "button";
        button.className = "button button-small";
        button.textContent = actionText;
        button.addEventListener("click", () => action(button));
        item.append(button);
        return item;
    }

    function setup(panel) {
        if (panel.dataset.ready) return;
        panel.dataset.ready = "1";
        const form = panel.closest("form");
        const status = panel.querySelector(".newsroom-suggestions__status");
        const matchesBox = panel.querySelector(".newsroom-suggestions__matches");
        const candidatesBox = panel.querySelector(".newsroom-suggestions__candidates");

        function run() {
            status.textContent = "Reading the story…";
            const body = new FormData();
            const text = currentText(form);
            Object.entries(text).forEach(([key, value]) => body.append(key, value));
            fetch(panel.dataset.suggestUrl, {
                method: "POST", body: body, credentials: "same-origin", headers: { "X-CSRFToken": csrfToken() },
            })
                .then((response) => response.json().then((data) => [response.ok, data]))
                .then(([ok, data]) => {
                    if (!ok) { status.textContent = data.error || "Could not analyse the text."; return; }
                    const matches = document.createElement("ul");
                    data.matches.forEach((match) => {
                        const select = selectFor(form, match.field);
                        if (select && isSelected(select, match.id)) return;
                        matches.append(row(match.type, match.name, `seen as “${match.mentions[0]}”`, "Add", (button) => {
                            if (addToField(form, match.field, match.id, match.name)) {
                                button.closest("li").remove();
                                status.textContent = `Added ${match.name}.`;
                            }
                        }));
                    });
                    const candidates = document.createElement("ul");
                    data.candidates.forEach((candidate) => {
                        const evidence = candidate.evidence && candidate.evidence[0] ? candidate.evidence[0].text : "";
                        candidates.append(row(`new ${candidate.type}`, candidate.name, evidence, "Create and add", (button) => {
                            const payload = new FormData();
                            payload.append("name", candidate.name);
                            fetch(panel.dataset["create" + candidate.type[0].toUpperCase() + candidate.type.slice(1)], {
                                method: "POST", body: payload, credentials: "same-origin",
                                headers: { "X-CSRFToken": csrfToken() },
                            })
                                .then((response) => response.json().then((d) => [response.ok, d]))
                                .then(([created, d]) => {
                                    if (!created) { status.textContent = d.error; return; }
                                    addToField(form, candidate.field, d.id, d.label);
                                    button.closest("li").remove();
                                    status.textContent = `Created and added ${d.label}.`;
                                });
                        }));
                    });
                    matchesBox.replaceChildren();
                    candidatesBox.replaceChildren();
                    if (matches.children.length) {
                        const heading = document.createElement("h4");
                        heading.textContent = "Known entities";
                        matchesBox.append(heading, matches);
                    }
                    if (candidates.children.length) {
                        const heading = document.createElement("h4");
                        heading.textContent = "New names";
                        candidatesBox.append(heading, candidates);
                    }
                    status.textContent = `${matches.children.length} known, ${candidates.children.length} new.`;
                })
                .catch(() => { status.textContent = "Could not analyse the text; try again."; });
        }

        panel.querySelector(".newsroom-suggestions__run").addEventListener("click", run);
    }

    document.addEventListener("DOMContentLoaded", () => document.querySelectorAll(".newsroom-suggestions").forEach(setup));
})();
