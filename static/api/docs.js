/* Starts Swagger UI on the API documentation page from the settings the page carries as JSON
   (no inline script, so the site's Content-Security-Policy holds). Session writes tried from
   the page send the CSRF token, as the site's own forms do. */
(function () {
  "use strict";
  var holder = document.getElementById("swagger-ui");
  var settings = JSON.parse(document.getElementById("swagger-settings").textContent);
  settings.dom_id = "#swagger-ui";
  settings.presets = [SwaggerUIBundle.presets.apis];
  // The page has its own title and introduction: Swagger UI's would be a second <h1>.
  settings.plugins = [
    function () {
      return {
        wrapComponents: {
          InfoContainer: function () {
            return function () {
              return null;
            };
          },
        },
      };
    },
  ];
  settings.requestInterceptor = function (request) {
    request.headers["X-CSRFToken"] = holder.dataset.csrfToken;
    return request;
  };
  SwaggerUIBundle(settings);
})();
