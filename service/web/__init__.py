"""The web page's files (HTML, CSS and one vanilla JS file), served by service/api/routes/web.py."""
