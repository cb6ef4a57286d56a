"""Pages of the test project: who is logged in, a form-less login/logout, a cart for guests."""
from django.contrib.auth import authenticate, login, logout
from django.http import HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt


def home(request):
    if request.user.is_authenticated:
        return HttpResponse(f'Hello, {request.user.username} (logged in)')
    return HttpResponse('Hello, guest')


@csrf_exempt
def do_login(request):
    user = authenticate(request, username='alice', password='secret')
    login(request, user)
    return HttpResponse('logged in')


@csrf_exempt
def do_logout(request):
    logout(request)
    return HttpResponse('logged out')


@csrf_exempt
def cart(request):
    request.session['cart'] = [17, 23]
    return HttpResponse('added')


urlpatterns = [path('', home), path('login', do_login), path('logout', do_logout), path('cart', cart)]
