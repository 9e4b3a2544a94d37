// The published page's behaviour (chronolanes publish): filters, details, tooltips, zoom and
// pan, the list <-> picture highlight, and the story's slides. Inlined into the page, so it
// must never contain a closing script tag. Text from the timeline is only ever set with
// textContent, never as HTML.
(function () {
  "use strict";

  const data = JSON.parse(document.getElementById("events-data").textContent);
  const events = data.events;
  const indexById = new Map(events.map((event, index) => [event.id, index]));

  const figure = document.getElementById("lanes");
  const svg = figure.querySelector("svg");
  const list = document.getElementById("event-list");
  const items = Array.from(list.querySelectorAll("li[data-index]"));
  const details = document.getElementById("details");
  const detailsTitle = document.getElementById("details-title");
  const detailsDate = document.getElementById("details-date");
  const detailsBody = document.getElementById("details-body");
  const tooltip = document.getElementById("tooltip");

  // ---- The picture's marks, by event index -------------------------------------------------
  // An event grouped by person or cartel can sit in several lanes: it then has several groups.
  const groupsByEvent = events.map(() => []);
  const labelsByEvent = events.map(() => []);
  for (const group of svg.querySelectorAll("g.event")) {
    const index = indexById.get(group.getAttribute("data-id"));
    if (index === undefined) continue;
    groupsByEvent[index].push(group);
    const event = events[index];
    // The custom tooltip replaces the native one, which would show on top of it.
    const nativeTitle = group.querySelector("title");
    if (nativeTitle) nativeTitle.remove();
    if (group.querySelector(".marker")) {
      group.setAttribute("tabindex", "0");
      group.setAttribute("role", "button");
    }
    group.setAttribute("aria-label", event.title + ", " + event.date + ", " + event.kind);
    group.dataset.index = String(index);
  }
  for (const label of svg.querySelectorAll("text.event-label")) {
    const index = indexById.get(label.getAttribute("data-id"));
    if (index !== undefined) labelsByEvent[index].push(label);
  }
  const clusters = Array.from(svg.querySelectorAll("g.cluster")).map((group) => {
    const members = (group.getAttribute("data-ids") || "")
      .split(" ")
      .map((id) => indexById.get(id))
      .filter((index) => index !== undefined);
    const nativeTitle = group.querySelector("title");
    const label = nativeTitle ? nativeTitle.textContent : members.length + " events";
    if (nativeTitle) nativeTitle.remove();
    group.setAttribute("tabindex", "0");
    group.setAttribute("role", "button");
    group.setAttribute("aria-label", label);
    return { group, members, label };
  });

  // ---- Filters --------------------------------------------------------------------------
  const kindSelect = document.getElementById("filter-kind");
  const cartelSelect = document.getElementById("filter-cartel");
  const personSelect = document.getElementById("filter-person");
  const textInput = document.getElementById("filter-text");
  const filterStatus = document.getElementById("filter-status");
  const listCount = document.getElementById("list-count");

  function addOptions(select, entries) {
    for (const [value, text] of entries) {
      const option = document.createElement("option");
      option.value = value;
      option.textContent = text;
      select.appendChild(option);
    }
  }
  // Only the people and cartels some event names: the others would select nothing.
  const usedPeople = new Set(events.flatMap((event) => event.people));
  const usedCartels = new Set(events.flatMap((event) => event.cartels));
  addOptions(kindSelect, data.kinds);
  addOptions(
    cartelSelect,
    data.cartels
      .map((name, index) => [String(index), name])
      .filter(([index]) => usedCartels.has(Number(index)))
      .sort((a, b) => a[1].localeCompare(b[1]))
  );
  addOptions(
    personSelect,
    data.people
      .map((name, index) => [String(index), name])
      .filter(([index]) => usedPeople.has(Number(index)))
      .sort((a, b) => a[1].localeCompare(b[1]))
  );

  // What the text filter searches, as `chronolanes list --search` does, lower-cased once:
  // title, summary, place, quotes, and (in `also`) tags and the names and aliases of the people
  // and cartels the event names.
  // Built on the first search, not at load: it costs a noticeable part of a large page's start.
  let haystacks = null;
  function haystack(index) {
    if (haystacks === null) {
      haystacks = events.map((event) =>
        [
          event.title,
          event.summary || "",
          event.place || "",
          event.quotes.map((quote) => quote.text).join("\n"),
          event.also || "",
        ]
          .join("\n")
          .toLowerCase()
      );
    }
    return haystacks[index];
  }

  const shown = events.map(() => true);

  function applyFilters() {
    const kind = kindSelect.value;
    const cartel = cartelSelect.value === "" ? null : Number(cartelSelect.value);
    const person = personSelect.value === "" ? null : Number(personSelect.value);
    const text = textInput.value.trim().toLowerCase();
    let count = 0;
    events.forEach((event, index) => {
      const match =
        (kind === "" || event.lane === kind) &&
        (cartel === null || event.cartels.includes(cartel)) &&
        (person === null || event.people.includes(person)) &&
        (text === "" || haystack(index).includes(text));
      if (match) count += 1;
      // Only what changes is touched: restyling thousands of elements costs seconds.
      if (shown[index] === match) return;
      shown[index] = match;
      const item = items[index];
      if (item) item.hidden = !match;
      for (const group of groupsByEvent[index]) group.classList.toggle("filtered-out", !match);
      for (const label of labelsByEvent[index]) label.classList.toggle("filtered-out", !match);
    });
    for (const cluster of clusters) {
      const any = cluster.members.some((index) => shown[index]);
      if (cluster.group.classList.contains("filtered-out") === any) {
        cluster.group.classList.toggle("filtered-out", !any);
      }
    }
    const total = events.length;
    const message =
      count === total
        ? total + (total === 1 ? " event" : " events")
        : "Showing " + count + " of " + total + " events";
    filterStatus.textContent = message;
    listCount.textContent = "(" + message + ")";
  }
  for (const control of [kindSelect, cartelSelect, personSelect]) {
    control.addEventListener("change", applyFilters);
  }
  textInput.addEventListener("input", applyFilters);
  document.getElementById("filter-clear").addEventListener("click", () => {
    kindSelect.value = "";
    cartelSelect.value = "";
    personSelect.value = "";
    textInput.value = "";
    applyFilters();
  });

  // ---- Selection and details ------------------------------------------------------------
  let selected = null;
  let openedFrom = null;

  function select(index) {
    if (selected !== null) {
      for (const group of groupsByEvent[selected]) group.classList.remove("selected");
      for (const label of labelsByEvent[selected]) label.classList.remove("selected");
      if (items[selected]) items[selected].classList.remove("selected");
    }
    selected = index;
    if (index === null) return;
    for (const group of groupsByEvent[index]) group.classList.add("selected");
    for (const label of labelsByEvent[index]) label.classList.add("selected");
    if (items[index]) items[index].classList.add("selected");
  }

  function element(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function section(title, children) {
    if (children.length === 0) return;
    detailsBody.appendChild(element("h3", title));
    for (const child of children) detailsBody.appendChild(child);
  }

  // Only web addresses become links: a `javascript:` address from a file must not run.
  function safeUrl(url) {
    return typeof url === "string" && /^https?:\/\//i.test(url) ? url : null;
  }

  function showDetails(index, focus) {
    const event = events[index];
    select(index);
    detailsDate.textContent = event.date + " · " + event.kind + (event.place ? " · " + event.place : "");
    detailsTitle.textContent = event.title;
    detailsBody.replaceChildren();
    if (event.summary) detailsBody.appendChild(element("p", event.summary, "summary"));
    const names = (indices, table) => indices.map((i) => table[i]).join(", ");
    if (event.people.length) section("People", [element("p", names(event.people, data.people))]);
    if (event.cartels.length) section("Cartels", [element("p", names(event.cartels, data.cartels))]);
    const sources = element("ul", undefined, "sources");
    for (const sourceIndex of event.sources) {
      const source = data.sources[sourceIndex];
      if (!source) continue;
      const item = element("li");
      const url = safeUrl(source.url);
      const name = source.name === source.title ? source.title : source.name + ": " + source.title;
      if (url) {
        const link = element("a", name);
        link.href = url;
        link.rel = "noopener noreferrer";
        link.target = "_blank";
        item.appendChild(link);
      } else {
        item.textContent = name;
      }
      if (source.published) item.appendChild(document.createTextNode(" (" + source.published + ")"));
      sources.appendChild(item);
    }
    section("Sources", event.sources.length ? [sources] : []);
    section(
      "Quotes",
      event.quotes.map((quote) => {
        const block = element("blockquote", "“" + quote.text + "”");
        const source = data.sources[quote.source];
        if (source) block.appendChild(element("footer", "— " + source.name));
        return block;
      })
    );
    section(
      "Disputed",
      event.disputes.map((text) => element("p", text, "dispute"))
    );
    details.hidden = false;
    if (focus) {
      openedFrom = document.activeElement;
      detailsTitle.focus();
    }
  }

  function showCluster(cluster) {
    select(null);
    detailsDate.textContent = "Events too close together to draw apart";
    detailsTitle.textContent = cluster.label.split(":")[0];
    detailsBody.replaceChildren();
    const members = element("ul", undefined, "cluster-members");
    for (const index of cluster.members) {
      if (!shown[index]) continue;
      const item = element("li");
      const button = element("button", events[index].date + " — " + events[index].title);
      button.type = "button";
      button.addEventListener("click", () => {
        showDetails(index, true);
        revealInList(index);
      });
      item.appendChild(button);
      members.appendChild(item);
    }
    detailsBody.appendChild(members);
    details.hidden = false;
    openedFrom = document.activeElement;
    detailsTitle.focus();
  }

  function closeDetails() {
    if (details.hidden) return;
    details.hidden = true;
    select(null);
    if (openedFrom && document.contains(openedFrom)) openedFrom.focus();
    openedFrom = null;
  }
  document.getElementById("details-close").addEventListener("click", closeDetails);

  // Scrolls the list to the item, when the list is unfolded (unfolding a long list costs a
  // second of layout: the reader decides).
  const listDetails = document.getElementById("list-details");
  // The list scrolls inside its own box, so that the picture the reader clicked stays put.
  function revealInList(index) {
    const item = items[index];
    if (!item || !listDetails.open || item.hidden) return;
    const itemTop = item.offsetTop - list.offsetTop;
    if (itemTop < list.scrollTop || itemTop + item.offsetHeight > list.scrollTop + list.clientHeight) {
      list.scrollTop = itemTop - list.clientHeight / 3;
    }
  }

  list.addEventListener("click", (event) => {
    const item = event.target.closest("li[data-index]");
    if (!item) return;
    const index = Number(item.dataset.index);
    showDetails(index, true);
    bringIntoView(index);
  });

  // ---- Zoom and pan (the SVG's viewBox) -------------------------------------------------
  const full = svg.viewBox.baseVal;
  const fullWidth = full.width;
  // The picture's own title and description repeat the page's heading: the view starts just
  // above the eras and lanes (the top of the picture's clip rectangle).
  const clipRect = svg.querySelector("clipPath rect");
  const top = clipRect ? Math.max(0, Number(clipRect.getAttribute("y")) - 10) : 0;
  const fullHeight = full.height - top;
  const view = { x: 0, y: top, width: fullWidth, height: fullHeight };
  const MAX_ZOOM = 16;
  // Sized by the page (its width, and the view's proportions), not by the picture's pixels.
  svg.removeAttribute("width");
  svg.removeAttribute("height");

  function setView(x, y, width) {
    width = Math.min(fullWidth, Math.max(fullWidth / MAX_ZOOM, width));
    const height = (width * fullHeight) / fullWidth;
    view.width = width;
    view.height = height;
    view.x = Math.min(fullWidth - width, Math.max(0, x));
    view.y = Math.min(top + fullHeight - height, Math.max(top, y));
    svg.setAttribute("viewBox", [view.x, view.y, view.width, view.height].join(" "));
  }
  setView(0, top, fullWidth);

  // Zooms by `factor` (>1 closer) keeping the picture point (px, py) where it is.
  function zoomAt(factor, px, py) {
    const width = view.width / factor;
    const ratio = width / view.width;
    setView(px - (px - view.x) * ratio, py - (py - view.y) * ratio, width);
  }

  function zoomCentre(factor) {
    zoomAt(factor, view.x + view.width / 2, view.y + view.height / 2);
  }

  // From the window's pixels to the picture's units.
  function pictureScale() {
    const box = svg.getBoundingClientRect();
    return { box, perPx: view.width / Math.max(1, box.width) };
  }

  function pointInPicture(clientX, clientY) {
    const { box, perPx } = pictureScale();
    return { x: view.x + (clientX - box.left) * perPx, y: view.y + (clientY - box.top) * perPx };
  }

  // Pans so that the event's first mark is in view (when zoomed in).
  function bringIntoView(index) {
    const group = groupsByEvent[index][0];
    if (!group || view.width >= fullWidth) return;
    const box = group.getBBox();
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    if (cx < view.x || cx > view.x + view.width || cy < view.y || cy > view.y + view.height) {
      setView(cx - view.width / 2, cy - view.height / 2, view.width);
    }
  }

  svg.addEventListener(
    "wheel",
    (event) => {
      event.preventDefault();
      const point = pointInPicture(event.clientX, event.clientY);
      zoomAt(Math.exp(-event.deltaY * 0.0015), point.x, point.y);
    },
    { passive: false }
  );

  let drag = null;
  let suppressClick = false;
  svg.addEventListener("pointerdown", (event) => {
    if (event.button !== 0) return;
    drag = { x: event.clientX, y: event.clientY, viewX: view.x, viewY: view.y, moved: false };
  });
  window.addEventListener("pointermove", (event) => {
    if (!drag) return;
    const dx = event.clientX - drag.x;
    const dy = event.clientY - drag.y;
    if (!drag.moved && Math.hypot(dx, dy) < 4) return;
    if (!drag.moved) {
      drag.moved = true;
      figure.classList.add("dragging");
      hideTooltip();
    }
    const { perPx } = pictureScale();
    setView(drag.viewX - dx * perPx, drag.viewY - dy * perPx, view.width);
  });
  window.addEventListener("pointerup", () => {
    if (drag && drag.moved) suppressClick = true;
    drag = null;
    figure.classList.remove("dragging");
  });

  document.getElementById("zoom-in").addEventListener("click", () => zoomCentre(1.5));
  document.getElementById("zoom-out").addEventListener("click", () => zoomCentre(1 / 1.5));
  const fit = () => setView(0, top, fullWidth);
  document.getElementById("zoom-reset").addEventListener("click", fit);

  figure.addEventListener("keydown", (event) => {
    const step = 0.1;
    const handled = {
      "+": () => zoomCentre(1.5),
      "=": () => zoomCentre(1.5),
      "-": () => zoomCentre(1 / 1.5),
      "0": fit,
      ArrowLeft: () => setView(view.x - view.width * step, view.y, view.width),
      ArrowRight: () => setView(view.x + view.width * step, view.y, view.width),
      ArrowUp: () => setView(view.x, view.y - view.height * step, view.width),
      ArrowDown: () => setView(view.x, view.y + view.height * step, view.width),
    }[event.key];
    // The story's Left/Right win while it plays.
    if (story.active && (event.key === "ArrowLeft" || event.key === "ArrowRight")) return;
    if (handled && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      handled();
    }
  });

  // ---- Markers: click, keyboard, tooltip ------------------------------------------------
  function markFor(target) {
    const group = target.closest && target.closest("g.event, g.cluster");
    return group && svg.contains(group) ? group : null;
  }

  svg.addEventListener("click", (event) => {
    if (suppressClick) {
      suppressClick = false;
      return;
    }
    const group = markFor(event.target);
    if (!group) return;
    openMark(group, false);
  });

  function openMark(group, focus) {
    if (group.classList.contains("cluster")) {
      const cluster = clusters.find((c) => c.group === group);
      if (cluster) showCluster(cluster);
      return;
    }
    const index = Number(group.dataset.index);
    if (Number.isNaN(index)) return;
    openedFrom = null;
    showDetails(index, focus);
    if (!focus) openedFrom = group;
    revealInList(index);
  }

  svg.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" && event.key !== " ") return;
    const group = markFor(event.target);
    if (!group) return;
    event.preventDefault();
    openMark(group, true);
  });

  function hideTooltip() {
    tooltip.hidden = true;
  }
  function placeTooltip(clientX, clientY) {
    const margin = 14;
    const width = tooltip.offsetWidth;
    const height = tooltip.offsetHeight;
    let left = clientX + margin;
    let top = clientY + margin;
    if (left + width > window.innerWidth - 4) left = Math.max(4, clientX - width - margin);
    if (top + height > window.innerHeight - 4) top = Math.max(4, clientY - height - margin);
    tooltip.style.left = left + "px";
    tooltip.style.top = top + "px";
  }
  svg.addEventListener("pointerover", (event) => {
    if (drag && drag.moved) return;
    const group = markFor(event.target);
    if (!group) return;
    tooltip.replaceChildren();
    if (group.classList.contains("cluster")) {
      const cluster = clusters.find((c) => c.group === group);
      tooltip.appendChild(element("strong", cluster ? cluster.label.split(":")[0] : ""));
      tooltip.appendChild(element("span", "Click to list them", "tip-date"));
    } else {
      const event_ = events[Number(group.dataset.index)];
      if (!event_) return;
      tooltip.appendChild(element("strong", event_.title));
      tooltip.appendChild(element("span", event_.date + " · " + event_.kind, "tip-date"));
    }
    tooltip.hidden = false;
    placeTooltip(event.clientX, event.clientY);
  });
  svg.addEventListener("pointermove", (event) => {
    if (!tooltip.hidden) placeTooltip(event.clientX, event.clientY);
  });
  svg.addEventListener("pointerout", (event) => {
    if (markFor(event.target) && !markFor(event.relatedTarget || document.body)) hideTooltip();
  });

  // ---- Story ----------------------------------------------------------------------------
  const story = { active: false, step: 0 };
  const storyData = data.story;
  const storySection = document.getElementById("story");
  const storyStart = document.getElementById("story-start");
  let spotlight = null;
  const wideScreen = window.matchMedia("(min-width: 801px)");

  function xFromDay(day) {
    const start = Number(svg.dataset.windowStart);
    const end = Number(svg.dataset.windowEnd);
    const left = Number(svg.dataset.plotLeft);
    const width = Number(svg.dataset.plotWidth);
    return left + ((day - start) / (end - start)) * width;
  }

  // A translucent band over the step's window, so the reader sees which years it is about.
  function showSpotlight(window_) {
    if (spotlight) spotlight.remove();
    spotlight = null;
    if (!window_) return;
    const left = Number(svg.dataset.plotLeft);
    const right = left + Number(svg.dataset.plotWidth);
    const x0 = Math.max(left, xFromDay(window_.start_day));
    const x1 = Math.min(right, xFromDay(window_.end_day));
    if (!(x1 > x0)) return;
    spotlight = document.createElementNS("http://www.w3.org/2000/svg", "rect");
    spotlight.setAttribute("class", "spotlight");
    spotlight.setAttribute("x", String(x0));
    spotlight.setAttribute("y", String(top));
    spotlight.setAttribute("width", String(x1 - x0));
    spotlight.setAttribute("height", String(fullHeight));
    spotlight.setAttribute("fill", "#ffd43b");
    spotlight.setAttribute("fill-opacity", "0.18");
    spotlight.setAttribute("pointer-events", "none");
    // Under the markers, in whatever group holds them.
    const firstEvent = svg.querySelector("g.event");
    (firstEvent ? firstEvent.parentNode : svg).insertBefore(spotlight, firstEvent);
  }

  function showStep(number) {
    const steps = storyData.steps;
    story.step = Math.max(0, Math.min(steps.length - 1, number));
    const step = steps[story.step] || {};
    document.getElementById("story-progress").textContent = story.step + 1 + " / " + steps.length;
    const index = step.event !== undefined ? indexById.get(step.event) : undefined;
    let title = step.title || "";
    if (index !== undefined) {
      if (!title) title = events[index].title;
      // On a narrow screen the details would cover the story's card and its buttons: the step
      // highlights the event, and a tap on it shows the details.
      if (wideScreen.matches) {
        showDetails(index, false);
      } else {
        details.hidden = true;
        select(index);
      }
      bringIntoView(index);
      revealInList(index);
    } else {
      details.hidden = true;
      select(null);
    }
    document.getElementById("story-step-title").textContent = title;
    document.getElementById("story-note").textContent = step.note || "";
    showSpotlight(step.window);
    document.getElementById("story-prev").disabled = story.step === 0;
    document.getElementById("story-next").disabled = story.step === steps.length - 1;
  }

  function startStory() {
    story.active = true;
    storySection.hidden = false;
    storyStart.hidden = true;
    showStep(0);
  }

  function leaveStory() {
    story.active = false;
    storySection.hidden = true;
    storyStart.hidden = false;
    showSpotlight(null);
  }

  if (storyData && storySection && storyData.steps.length) {
    document.getElementById("story-prev").addEventListener("click", () => showStep(story.step - 1));
    document.getElementById("story-next").addEventListener("click", () => showStep(story.step + 1));
    document.getElementById("story-exit").addEventListener("click", leaveStory);
    storyStart.addEventListener("click", startStory);
    startStory();
  }

  // ---- Keys for the whole page ----------------------------------------------------------
  document.addEventListener("keydown", (event) => {
    const typing = event.target.closest && event.target.closest("input, select, textarea");
    if (event.key === "Escape") {
      if (!details.hidden) {
        event.preventDefault();
        closeDetails();
      } else if (!tooltip.hidden) {
        hideTooltip();
      }
      return;
    }
    if (!story.active || typing || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "ArrowRight") {
      event.preventDefault();
      showStep(story.step + 1);
    } else if (event.key === "ArrowLeft") {
      event.preventDefault();
      showStep(story.step - 1);
    }
  });

  applyFilters();
  // When the page became usable, in milliseconds from the start of navigation (read by tests).
  document.documentElement.dataset.readyMs = String(Math.round(performance.now()));
  document.documentElement.dataset.ready = "true";
})();
