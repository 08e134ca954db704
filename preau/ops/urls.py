from django.urls import path

from preau.ops import views

app_name = "ops"

urlpatterns = [
    path("metrics", views.metrics_view, name="metrics"),
    path("_bench/ping", views.bench_ping, name="bench_ping"),
]
