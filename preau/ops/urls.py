from django.urls import path

from preau.ops import views

app_name = "ops"

urlpatterns = [
    path("metrics", views.metrics_view, name="metrics"),
    path("_bench/ping", views.bench_ping, name="bench_ping"),
    path("_bench/signed-in", views.bench_signed_in, name="bench_signed_in"),
    path("_bench/signed-in-file", views.bench_signed_in_file, name="bench_signed_in_file"),
]
