"""Imports existing clinic articles (WordPress WXR exports, HTML and text files) as draft treatment pages."""
