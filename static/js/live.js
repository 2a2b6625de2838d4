// Live coverage: polls the page's updates.json and shows new, edited and removed updates without a reload
// (progressive enhancement: the page reads fully without it; page 2 onwards and the key-events view stay as served).
(function () {
    const stream = document.querySelector("[data-live-updates]");
    if (!stream || stream.hasAttribute("data-frozen")) return;
    const seconds = Number(stream.dataset.interval || 5);
    const pinned = document.querySelector("[data-pinned]");
    const keyEvents = document.querySelector("[data-key-events]");
    const status = document.querySelector("[data-live-status]");
    let since = stream.dataset.since;
    let timer = null;

    function element(html) {
        const template = document.createElement("template");
        template.innerHTML = html.trim();
        return template.content.firstElementChild;
    }

    function shown(id) {
        return stream.querySelector('[data-update-id="' + id + '"]');
    }

    function place(update) {
        const fresh = element(update.html);
        const old = shown(update.id);
        if (old) {
            if (old.dataset.modified !== fresh.dataset.modified) old.replaceWith(fresh);
            return;
        }
        // Newest first: before the first update published earlier than this one.
        const later = Array.from(stream.querySelectorAll("[data-update-id]")).find(function (node) {
            const time = node.querySelector("time");
            return time && Date.parse(time.getAttribute("datetime")) < Date.parse(update.published);
        });
        stream.insertBefore(fresh, later || null);
        fresh.classList.add("live-update--new");
    }

    function showPinned(updates) {
        if (!pinned) return;
        updates.forEach(function (update) {
            // Unpinned since: the pinned box empties (the next pinned one shows at the next reload).
            if (!update.pinned && pinned.querySelector('[data-update-id="' + update.id + '"]')) {
                pinned.replaceChildren();
                pinned.hidden = true;
            }
        });
        const newest = updates.find(function (update) { return update.pinned; });
        if (newest) {
            pinned.replaceChildren(element(newest.html));
            pinned.hidden = false;
        }
    }

    function addKeyEvents(updates) {
        if (!keyEvents) return;
        const list = keyEvents.querySelector("ol");
        updates.slice().reverse().forEach(function (update) {
            if (!update.key_event || list.querySelector('a[href="#update-' + update.id + '"]')) return;
            const item = document.createElement("li");
            const link = document.createElement("a");
            link.href = "#update-" + update.id;
            const time = element(update.html).querySelector("time");
            link.append(time, " " + update.headline);
            item.append(link);
            list.prepend(item);
            keyEvents.hidden = false;
        });
    }

    function removeGone(ids) {
        const live = new Set(ids.map(String));
        document.querySelectorAll("[data-update-id]").forEach(function (node) {
            if (!live.has(node.dataset.updateId)) node.remove();
        });
        if (pinned && !pinned.querySelector("[data-update-id]")) pinned.hidden = true;
    }

    function apply(data) {
        const empty = stream.querySelector("[data-live-empty]");
        if (empty && data.updates.length) empty.remove();
        data.updates.slice().reverse().forEach(place);
        showPinned(data.updates);
        addKeyEvents(data.updates);
        removeGone(data.ids);
        since = data.since;
        if (status && data.status !== stream.dataset.status) {
            status.textContent = data.status.charAt(0).toUpperCase() + data.status.slice(1);
            status.className = "live__status live__status--" + data.status;
            stream.dataset.status = data.status;
        }
        if (!data.complete) window.location.reload();
    }

    function poll() {
        timer = null;
        fetch(stream.dataset.liveUpdates + "?since=" + encodeURIComponent(since), { headers: { Accept: "application/json" } })
            .then(function (response) { return response.ok ? response.json() : null; })
            .then(function (data) { if (data) apply(data); })
            .catch(function () { /* offline for a moment: try again at the next tick */ })
            .finally(schedule);
    }

    function schedule() {
        if (timer === null && stream.dataset.status !== "ended" && !document.hidden) {
            timer = setTimeout(poll, seconds * 1000);
        }
    }

    document.addEventListener("visibilitychange", function () {
        if (!document.hidden) {
            clearTimeout(timer);
            timer = null;
            poll();
        }
    });
    schedule();
})();
