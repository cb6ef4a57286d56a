# Replaced by each test (test/harness/web-app.ts appCopy).
SECRET_KEY = 'not-a-secret'
