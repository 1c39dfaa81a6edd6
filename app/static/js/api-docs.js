// Starts Swagger UI on /api/docs (templates/api/docs.html) with the settings FastAPI's own
// docs page uses, reading the OpenAPI document's address from the page.
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  window.ui = window.SwaggerUIBundle({
    url: root.getAttribute("data-openapi-url"),
    dom_id: "#swagger-ui",
    layout: "BaseLayout",
    deepLinking: true,
    showExtensions: true,
    showCommonExtensions: true,
    // No badge fetched from validator.swagger.io: the page makes no request outside the app.
    validatorUrl: null,
    presets: [
      window.SwaggerUIBundle.presets.apis,
      window.SwaggerUIBundle.SwaggerUIStandalonePreset
    ]
  });
})();
