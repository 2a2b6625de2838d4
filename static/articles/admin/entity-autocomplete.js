// Enhances <select multiple> entity fields into chips plus a search box (see articles/admin/widgets.py).
(function () {
    function csrfToken() {
        const input = document.querySelector("input[name=csrfmiddlewaretoken]");
        if (input) return input.value;
        const match = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
        return match ? decodeURIComponent(match[1]) : "";
    }

    function enhance(wrapper) {
        if (wrapper.dataset.enhanced) return;
        wrapper.dataset.enhanced = "1";
        const select = wrapper.querySelector("select");
        select.hidden = true;
        const chips = document.createElement("ul");
        chips.className = "entity-autocomplete__chips";
        const input = document.createElement("input");
        input.type = "search";
        input.autocomplete = "off";
        input.placeholder = "Search to add…";
        input.setAttribute("aria-label", "Search to add " + wrapper.dataset.entityType);
        const results = document.createElement("ul");
        results.className = "entity-autocomplete__results";
        const status = document.createElement("p");
        status.className = "entity-autocomplete__status";
        status.setAttribute("aria-live", "polite");
        wrapper.prepend(chips, input, results, status);

        function render() {
            chips.replaceChildren();
            for (const option of select.options) {
                if (!option.selected) continue;
                const chip = document.createElement("li");
                chip.className = "entity-autocomplete__chip";
                chip.textContent = option.textContent;
                const remove = document.createElement("button");
                remove.type = "button";
                remove.textContent = "×";
                remove.setAttribute("aria-label", "Remove " + option.textContent);
                remove.addEventListener("click", function () {
                    option.remove();
                    select.dispatchEvent(new Event("change", { bubbles: true }));
                });
                chip.append(remove);
                chips.append(chip);
            }
        }

        function add(id, label) {
            let option = Array.from(select.options).find(function (o) { return o.value === String(id); });
            if (!option) {
                option = new Option(label, id, true, true);
                select.add(option);
            }
            option.selected = true;
            select.dispatchEvent(new Event("change", { bubbles: true }));
            input.value = "";
            results.replaceChildren();
            status.textContent = "Added " + label + ".";
        }

        function button(text, onClick) {
            const item = document.createElement("li");
            const control = document.createElement("button");
            control.type = "button";
            control.textContent = text;
            control.addEventListener("click", onClick);
            item.append(control);
            return item;
        }

        let timer = null;
        input.addEventListener("input", function () {
            clearTimeout(timer);
            const q = input.value.trim();
            if (!q) { results.replaceChildren(); return; }
            timer = setTimeout(function () {
                fetch(wrapper.dataset.searchUrl + "?q=" + encodeURIComponent(q), { credentials: "same-origin" })
                    .then(function (r) { return r.json(); })
                    .then(function (data) {
                        results.replaceChildren(...data.results.map(function (item) {
                            const text = item.proposed ? item.label + " (proposed)" : item.label;
                            return button(text, function () { add(item.id, item.label); });
                        }));
                        // The server says what this user may do with a new name: create it, propose it
                        // (an editor accepts it before readers see it), or neither (no button that would fail).
                        const verb = { create: "Create", propose: "Propose" }[data.create];
                        if (!data.exact && verb && wrapper.dataset.createUrl) {  // filters search, never create
                            results.append(button(verb + " “" + q + "”", function () {
                                const body = new FormData();
                                body.append("name", q);
                                fetch(wrapper.dataset.createUrl, {
                                    method: "POST", body: body, credentials: "same-origin",
                                    headers: { "X-CSRFToken": csrfToken() },
                                }).then(function (r) { return r.json().then(function (d) { return [r.ok, d]; }); })
                                  .then(function ([ok, d]) {
                                      if (!ok) { status.textContent = d.error; return; }
                                      add(d.id, d.label);
                                      if (d.proposed) status.textContent = "Proposed " + d.label + ": added; readers see it once an editor accepts it.";
                                  });
                            }));
                        }
                    })
                    .catch(function () { status.textContent = "Search failed; try again."; });
            }, 200);
        });
        select.addEventListener("change", render);
        render();
    }

    function enhanceAll(root) {
        (root || document).querySelectorAll(".entity-autocomplete").forEach(enhance);
    }
    document.addEventListener("DOMContentLoaded", function () { enhanceAll(); });
    document.addEventListener("w-formset:added", function (event) { enhanceAll(event.target); });
})();
