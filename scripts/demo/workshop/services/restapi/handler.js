const GREETING = "Hello from restapi";

exports.submit = async (event) => ({
  statusCode: 200,
  headers: { "content-type": "application/json" },
  body: JSON.stringify({
    message: GREETING,
    env: process.env.APP_ENV,
    table: process.env.SUBMISSIONS_TABLE,
    endpoint: process.env.ENDPOINT_URL,
    hasApiKey: Boolean(process.env.ENDPOINT_API_KEY),
    path: event && event.path,
  }),
});
