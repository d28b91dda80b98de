"""The Scrapy project: spiders, item pipelines, middlewares and settings."""
