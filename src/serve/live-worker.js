// shiori serve: one event stream shared by every open tab of the site.
// A browser opens at most six HTTP/1.1 connections to one host; with an
// event stream per tab, six open tabs took them all and every further
// page load waited forever. This shared worker holds the one stream and
// hands its events to each tab.
"use strict";
var ports = [];
// The current failure, for a tab that opens while the build is broken.
var failure = null;
var source = new EventSource("/__shiori/events");
["reload", "failed", "fixed"].forEach(function (type) {
  source.addEventListener(type, function (event) {
    failure = type === "failed" ? event.data : null;
    ports.forEach(function (port) {
      port.postMessage({ type: type, data: event.data });
    });
  });
});
self.onconnect = function (event) {
  var port = event.ports[0];
  ports.push(port);
  if (failure !== null) port.postMessage({ type: "failed", data: failure });
  port.start();
};
