// Suggests entity names in the search box (progressive enhancement: the form works without it).
(function () {
    const input = document.querySelector("input[data-autocomplete]");
    const list = input && document.getElementById(input.getAttribute("list"));
    if (!input || !list) return;
    let timer = null;
    input.addEventListener("input", function () {
        clearTimeout(timer);
        const q = input.value.trim();
        if (q.length < 2) return;
        timer = setTimeout(function () {
            fetch(input.dataset.autocomplete + "?q=" + encodeURIComponent(q))
                .then(function (response) { return response.ok ? response.json() : { results: [] }; })
                .then(function (data) {
                    list.replaceChildren(...data.results.map(function (item) {
                        const option = document.createElement("option");
                        option.value = item.name;
                        return option;
                    }));
                })
                .catch(function () { /* suggestions are optional */ });
        }, 150);
    });
})();
